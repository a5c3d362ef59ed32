/*
Copyright 2026 The Kubeflow Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package httpapi

import (
	"net/http"
)

// healthcheckResponse is upstream's health_check.HealthCheck.
type healthcheckResponse struct {
	Status     string     `json:"status"`
	SystemInfo systemInfo `json:"systemInfo"`
}

type systemInfo struct {
	Version string `json:"version"`
}

// Version is what the health check reports; upstream's constant.
const Version = "1.0.0"

// healthcheck answers as upstream does: the process is up and serving.
func healthcheck(w http.ResponseWriter, _ *http.Request) error {
	writeJSON(w, http.StatusOK, healthcheckResponse{Status: "Healthy", SystemInfo: systemInfo{Version: Version}})
	return nil
}

// livez is 200 while the process serves requests.
func livez(w http.ResponseWriter, _ *http.Request) error {
	writePlain(w, http.StatusOK, "ok\n")
	return nil
}

// readyz is 200 only when ready() holds: every informer has synced, so the
// BFF answers from a complete cache. While the API server is unreachable
// it stays 200, since every replica shares the outage and the cache still
// answers, and says so (health may be nil). A replica that runs with less
// permission than it wants, and answers right but dearer, stays 200 too,
// and says what it lacks (ready's detail).
func readyz(ready func() (bool, string), health APIHealth) handlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) error {
		ok, detail := ready()
		if !ok {
			writePlain(w, http.StatusServiceUnavailable, "not ready: "+detail+"\n")
			return nil
		}
		body := "ok\n"
		if detail != "" {
			body += detail + "\n"
		}
		if health != nil {
			if up, since := health.Up(); !up {
				body += "serving from the cache: " + unreachableSince(since) + "\n"
			}
		}
		writePlain(w, http.StatusOK, body)
		return nil
	}
}

func writePlain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
