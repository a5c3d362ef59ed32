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

package httpapi_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
)

// received is the answer a test got, once checked against our OpenAPI
// document (status, headers and body). Every helper that makes a request
// returns through it, so every handler test validates every answer it gets
// against the document, besides the upstream definitions some tests name.
// Benchmarks skip the check, which would weigh on what they measure.
func received(t testing.TB, resp *http.Response, body []byte) response {
	t.Helper()
	if _, bench := t.(*testing.B); !bench {
		apitest.ValidateOurs(t, resp.Request, resp.StatusCode, resp.Header, body)
	}
	return response{resp.StatusCode, resp.Header, body}
}

// roundTrip sends req with client (http.DefaultClient when nil) and returns
// its answer, validated as received does.
func roundTrip(t testing.TB, client *http.Client, req *http.Request) response {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return received(t, resp, body)
}
