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

import "net/http"

// swaggerFiles answers a file the Swagger handler does not have with our
// 404 envelope, as every other unknown path, rather than the file server's
// plain text.
func swaggerFiles(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &notFoundRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.notFound {
			writeError(w, r, errNotFound())
		}
	})
}

// notFoundRecorder passes a response through, except a 404, whose status
// and body it swallows for the caller to replace.
type notFoundRecorder struct {
	http.ResponseWriter
	notFound bool
}

func (w *notFoundRecorder) WriteHeader(status int) {
	if status == http.StatusNotFound {
		w.notFound = true
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *notFoundRecorder) Write(b []byte) (int, error) {
	if w.notFound {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}
