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
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
)

// chromium is the Chromium binary to drive: Debian's /usr/bin/chromium, or
// a chromium on PATH; "" when there is none.
func chromium() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	path, _ := exec.LookPath("chromium")
	return path
}

// newBrowser starts a headless Chromium for the test. Without Chromium the
// test skips, unless BFF_REQUIRE_CHROMIUM=1 (as in CI, which installs it).
func newBrowser(t *testing.T) context.Context {
	browser := chromium()
	if browser == "" {
		if os.Getenv("BFF_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("BFF_REQUIRE_CHROMIUM=1 but Chromium is not installed: apt-get install chromium")
		}
		t.Skip("Chromium is not installed (apt-get install chromium); skipping a browser test")
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(browser),
		// Tests run as root in CI, where Chromium's sandbox cannot start.
		chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Swagger UI, opened in a real (headless) browser, must render every path
// of our document, so a document the UI cannot read fails here even when it
// is valid OpenAPI.
func TestSwaggerUIRendersOurRoutes(t *testing.T) {
	srv := httptest.NewServer(swaggerRouter(t))
	defer srv.Close()
	ctx := newBrowser(t)

	// Operations render once the UI has fetched and parsed doc.json.
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/api/v1/swagger/"),
		chromedp.WaitVisible(chromedp.CSS(".opblock-summary-path")),
	)
	if err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		t.Fatalf("Swagger UI did not render: %v\npage text: %.1000s", err, text)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".info .title")))
	if err != nil {
		t.Fatal(err)
	}
	paths, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".opblock-summary-path")].map(e => e.dataset.path || e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	methods, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".opblock-summary-method")].map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "Kubeflow Notebooks Workspaces BFF") {
		t.Errorf("title %q", title)
	}

	doc, err := apitest.OurDocument()
	if err != nil {
		t.Fatal(err)
	}
	rendered := map[string]bool{}
	for _, p := range paths {
		rendered[strings.TrimSpace(p)] = true
	}
	for path := range doc.Paths.Map() {
		if !rendered[path] {
			t.Errorf("Swagger UI does not show %s", path)
		}
	}
	for _, path := range []string{"/workspaces/{namespace}/{name}", "/workspacekinds/{name}"} {
		if !rendered[path] {
			t.Errorf("Swagger UI does not show %s (rendered: %v)", path, paths)
		}
	}
	if !slices.Contains(methods, "PATCH") {
		t.Errorf("Swagger UI shows no PATCH operation; methods: %v", methods)
	}
	operations := 0
	for _, item := range doc.Paths.Map() {
		operations += len(item.Operations())
	}
	if len(methods) != operations {
		t.Errorf("Swagger UI shows %d operations, the document has %d", len(methods), operations)
	}
}
