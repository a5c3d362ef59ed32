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

package apitest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/klauspost/compress/zstd"

	"github.com/kubeflow/workspaces-bff/pkg/openapi"
)

// ours is our OpenAPI document, loaded once for the process, and the router
// that finds a request's operation in it. Both are read-only once built.
var ours struct {
	once   sync.Once
	err    error
	doc    *openapi3.T
	router routers.Router
}

// A stream of Server-Sent Events is text: its schema is a string.
func init() { openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.PlainBodyDecoder) }

// OurDocument returns our OpenAPI document (pkg/openapi), loaded and
// validated, with its relative servers.
func OurDocument() (*openapi3.T, error) {
	ours.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(openapi.Document())
		if err == nil {
			err = doc.Validate(context.Background())
		}
		if err != nil {
			ours.err = fmt.Errorf("our OpenAPI document: %w", err)
			return
		}
		ours.doc = doc
		ours.router, ours.err = gorillamux.NewRouter(doc)
	})
	return ours.doc, ours.err
}

// ValidateOurs fails t unless our OpenAPI document describes the response
// to req: the status is one its operation lists, every header it requires is
// present and matches, and the body (decompressed when gzip-encoded) matches
// the schema of its content type. A request to no documented path must be our
// 404, a documented path with a method it does not serve our 405 (OPTIONS:
// 200 with Allow and no body). HEAD is validated as its GET, without a body.
// Only req's method, URL and headers are read. It is safe to call from
// parallel tests.
func ValidateOurs(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := validateOurs(req, status, header, body); err != nil {
		t.Errorf("%s %s answered %d, which our OpenAPI document does not describe: %v\nbody: %.500s",
			req.Method, req.URL.RequestURI(), status, err, body)
	}
}

func validateOurs(req *http.Request, status int, header http.Header, body []byte) error {
	doc, err := OurDocument()
	if err != nil {
		return err
	}
	lookup := req
	if req.Method == http.MethodHead {
		// Every GET route answers HEAD too; the document lists the GET.
		lookup = req.Clone(req.Context())
		lookup.Method = http.MethodGet
	}
	route, params, err := ours.router.FindRoute(lookup)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return validateComponent(doc, req, "NotFound", http.StatusNotFound, status, header, body)
	case errors.Is(err, routers.ErrMethodNotAllowed) && req.Method == http.MethodOptions:
		if status != http.StatusOK || header.Get("Allow") == "" || len(body) != 0 {
			return fmt.Errorf("OPTIONS on a documented path must be 200 with Allow and no body")
		}
		return nil
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return validateComponent(doc, req, "MethodNotAllowed", http.StatusMethodNotAllowed, status, header, body)
	case err != nil:
		return err
	}
	response := route.Operation.Responses.Status(status)
	if response == nil {
		return fmt.Errorf("status %d is not documented for %s %s", status, route.Method, route.Path)
	}
	if req.Method == http.MethodHead || status == http.StatusNotModified {
		// openapi3filter skips both entirely; their headers still count.
		if len(body) != 0 {
			return fmt.Errorf("a %s response to %s has a body", http.StatusText(status), req.Method)
		}
		return validateHeaders(doc, lookup, response, header)
	}
	return validate(lookup, route, params, status, header, body, false)
}

// validateComponent checks a response against one of the document's
// component responses, for answers that belong to no operation.
func validateComponent(doc *openapi3.T, req *http.Request, name string, want, status int, header http.Header, body []byte) error {
	if status != want {
		return fmt.Errorf("no documented operation matches, so the status must be %d", want)
	}
	response := doc.Components.Responses[name]
	if response == nil {
		return fmt.Errorf("the document has no component response %s", name)
	}
	responses := openapi3.NewResponses(openapi3.WithStatus(status, response))
	route := &routers.Route{Spec: doc, Method: req.Method, Operation: &openapi3.Operation{Responses: responses}}
	return validate(req, route, nil, status, header, body, req.Method == http.MethodHead)
}

// validateHeaders checks only the headers of response, by validating it as
// a body-less 200 of a one-response operation: openapi3filter validates no
// headers of a HEAD or a 304.
func validateHeaders(doc *openapi3.T, req *http.Request, response *openapi3.ResponseRef, header http.Header) error {
	responses := openapi3.NewResponses(openapi3.WithStatus(http.StatusOK, response))
	route := &routers.Route{Spec: doc, Method: req.Method, Operation: &openapi3.Operation{Responses: responses}}
	return validate(req, route, nil, http.StatusOK, header, nil, true)
}

func validate(req *http.Request, route *routers.Route, params map[string]string, status int, header http.Header, body []byte, headersOnly bool) error {
	if encoding := strings.ToLower(header.Get("Content-Encoding")); encoding != "" && len(body) > 0 {
		var err error
		if body, err = decode(encoding, body); err != nil {
			return fmt.Errorf("Content-Encoding %s, but the body is not %s: %w", encoding, encoding, err)
		}
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			ExcludeResponseBody:   headersOnly,
		},
	}
	input.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), input)
}

// decode undoes a content coding the BFF answers with.
func decode(encoding string, body []byte) ([]byte, error) {
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	case "zstd":
		zr, err := zstd.NewReader(nil)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		return zr.DecodeAll(body, nil)
	}
	return nil, fmt.Errorf("unknown coding")
}
