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
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/pkg/strictjson"
)

const (
	contentJSON = "application/json"
	contentYAML = "application/yaml"
)

// mediaType checks the request's Content-Type against the accepted ones
// and returns the one it is.
func mediaType(r *http.Request, accepted ...string) (string, error) {
	header := r.Header.Get("Content-Type")
	if header == "" {
		return "", &Error{Status: http.StatusUnsupportedMediaType, Message: "Content-Type header is missing"}
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		return "", &Error{Status: http.StatusBadRequest, Message: "error parsing Content-Type header: " + err.Error()}
	}
	for _, a := range accepted {
		if mt == a {
			return mt, nil
		}
	}
	return "", &Error{
		Status:  http.StatusUnsupportedMediaType,
		Message: "unsupported media type: " + mt + ", expected: " + strings.Join(accepted, " or "),
	}
}

// readBody reads the whole body, within the limit of its route (see
// bodies.limit, which answers a body past it with a 413); an empty (or all
// whitespace) body is an error.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	var refused *Error
	switch {
	case errors.As(err, &refused):
		return nil, refused
	case err != nil:
		return nil, &Error{Status: http.StatusBadRequest, Message: "error reading request body: " + err.Error()}
	case len(bytes.TrimSpace(body)) == 0:
		return nil, &Error{Status: http.StatusBadRequest, Message: "error decoding request body: request body was empty: EOF"}
	}
	return body, nil
}

// decodeData reads a JSON {"data": …} request body strictly. The payload
// is required.
func decodeData[T any](r *http.Request) (*T, error) {
	if _, err := mediaType(r, contentJSON); err != nil {
		return nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	var env struct {
		Data *T `json:"data"`
	}
	if err := strictjson.Unmarshal(body, &env); err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Message: "error decoding request body: error decoding JSON: " + err.Error()}
	}
	if env.Data == nil {
		return nil, fieldErrors{field.Required(field.NewPath("data"), "data is required")}.err(msgInvalidBody)
	}
	return env.Data, nil
}

// decodeManifest reads one Kubernetes manifest strictly: exactly one
// document, no duplicate or unknown fields. A JSON content type must carry
// JSON; the YAML ones may carry either (JSON is YAML).
func decodeManifest(mediaType string, body []byte, into any) error {
	if mediaType == contentJSON {
		if err := strictjson.Unmarshal(body, into); err != nil {
			return badManifest(err)
		}
		return nil
	}
	// The YAML reader drops a last line that has no newline and ends at the
	// edge of its 4096-byte buffer: a one-line manifest of 4096 bytes would
	// vanish, and so would a second document written that way.
	if !bytes.HasSuffix(body, []byte("\n")) {
		body = append(body[:len(body):len(body)], '\n')
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(body)))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return badManifest(err)
		}
		if len(bytes.TrimSpace(doc)) > 0 && string(bytes.TrimSpace(doc)) != "---" {
			docs = append(docs, doc)
		}
	}
	if len(docs) != 1 {
		return &Error{Status: http.StatusBadRequest, Message: "error decoding request body: expected exactly one manifest"}
	}
	js, err := sigsyaml.YAMLToJSONStrict(docs[0])
	if err != nil {
		return badManifest(err)
	}
	if err := strictjson.Unmarshal(js, into); err != nil {
		return badManifest(err)
	}
	return nil
}

func badManifest(err error) error {
	return &Error{Status: http.StatusBadRequest, Message: "error decoding request body: " + err.Error()}
}
