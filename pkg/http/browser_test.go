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
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// The compressed list of every Workspace is the namespaces' separately
// compressed items joined (pkg/cache, compress.go). A browser must decode
// all of it, not only the first namespace's: concatenated gzip members, for
// one, decode silently truncated in Chromium.
func TestBrowserDecodesTheJoinedListOfEveryWorkspace(t *testing.T) {
	m := cache.NewModel(models.Options{})
	for i := range 300 {
		m.Upsert(&v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{
			Namespace: fmt.Sprintf("ns-%d", i%7), Name: fmt.Sprintf("workspace-%03d", i)}})
	}
	all := m.AllWorkspaces()
	body := string(bytes.Join(all.Parts(), nil))
	forms := map[string][]byte{"gzip": all.Gzip(), "zstd": all.Zstd()}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html></html>"))
	})
	for encoding, form := range forms {
		mux.HandleFunc("/"+encoding, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", encoding)
			_, _ = w.Write(form)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	for encoding := range forms {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`fetch("/`+encoding+`").then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil || got != body {
			t.Errorf("%s: Chromium decoded %d bytes (%v), want the %d of the body", encoding, len(got), err, len(body))
		}
	}
}
