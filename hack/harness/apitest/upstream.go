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

// Package apitest checks responses against two documents. ValidateUpstream
// checks a body against the OpenAPI 2.0 document that upstream's Workspaces
// BFF publishes, and that upstream's frontend generates its API client from.
// A body that passes it has the shape that frontend expects: every required
// key present, every value of the documented type, and null only where
// upstream itself emits null. ValidateOurs checks a whole response (status,
// headers and body) against our own OpenAPI 3 document (pkg/openapi).
//
// testdata/upstream-swagger.json is a verbatim copy of upstream's generated
// OpenAPI document (kubeflow/notebooks, workspaces/backend, branch
// notebooks-v2, commit 8b6105775132f4ea0af2a1dc3833519789651233). The
// document is only read through the corrections of hack/openapi/corrections,
// never edited, so a newer copy can be dropped in as is.
package apitest

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kubeflow/workspaces-bff/hack/openapi/corrections"
)

//go:embed testdata/upstream-swagger.json
var upstreamSwagger []byte

// documentURL names the corrected document inside the compiler.
const documentURL = "upstream-swagger.json"

// upstream is the process-wide compiled document. Compiling a definition
// pulls in everything it references, so each is compiled once and reused by
// every test of the package.
var upstream = &schemaCache{}

// schemaCache compiles definitions on first use. The jsonschema.Compiler is
// not safe for concurrent use, so mu guards it together with the cache;
// compiled schemas are immutable and validate concurrently.
type schemaCache struct {
	load     sync.Once
	loadErr  error
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	defs     map[string]any
	compiled map[string]*jsonschema.Schema
}

// ValidateUpstream fails t, with one error per violation naming the JSON path
// and the reason, when body does not validate against
// #/definitions/<definition> of upstream's OpenAPI document (with the
// nullable properties and corrections of this package). It is safe to call
// from parallel tests.
func ValidateUpstream(t testing.TB, definition string, body []byte) {
	t.Helper()
	schema, err := upstream.schema(definition)
	if err != nil {
		t.Fatalf("apitest: %v", err)
		return
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Errorf("apitest: body is not a JSON document: %v\nbody: %s", err, body)
		return
	}
	err = schema.Validate(instance)
	if err == nil {
		return
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		t.Errorf("apitest: validating against %s: %v", definition, err)
		return
	}
	for _, v := range violations(verr) {
		t.Errorf("body does not match upstream #/definitions/%s at %s: %s", definition, v.path, v.reason)
	}
	t.Logf("body: %s", body)
}

// violation is one leaf of a validation error tree.
type violation struct{ path, reason string }

// printer renders the validator's messages; it is what the library's own
// Error() uses.
var printer = message.NewPrinter(language.English)

// violations flattens the error tree to its leaves: the inner nodes only say
// "a $ref/allOf failed", the leaves say what is wrong and where.
func violations(err *jsonschema.ValidationError) []violation {
	if len(err.Causes) == 0 {
		path := "/" + strings.Join(err.InstanceLocation, "/")
		return []violation{{path: path, reason: err.ErrorKind.LocalizedString(printer)}}
	}
	var out []violation
	for _, cause := range err.Causes {
		out = append(out, violations(cause)...)
	}
	return out
}

// schema returns the compiled schema of a definition.
func (c *schemaCache) schema(definition string) (*jsonschema.Schema, error) {
	c.load.Do(func() { c.loadErr = c.loadDocument() })
	if c.loadErr != nil {
		return nil, c.loadErr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.compiled[definition]; ok {
		return s, nil
	}
	if _, ok := c.defs[definition]; !ok {
		return nil, fmt.Errorf("upstream document has no definition %q", definition)
	}
	// Definition names hold dots but never "/" or "~", so they need no
	// JSON-pointer escaping.
	s, err := c.compiler.Compile(documentURL + "#/definitions/" + definition)
	if err != nil {
		return nil, fmt.Errorf("compiling definition %q: %w", definition, err)
	}
	c.compiled[definition] = s
	return s, nil
}

// loadDocument parses the embedded document, applies the corrections and
// registers the result with a fresh compiler.
func (c *schemaCache) loadDocument() error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(upstreamSwagger))
	if err != nil {
		return fmt.Errorf("parsing embedded upstream-swagger.json: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return errors.New("embedded upstream-swagger.json is not a JSON object")
	}
	defs, ok := root["definitions"].(map[string]any)
	if !ok {
		return errors.New("embedded upstream-swagger.json has no definitions")
	}
	if err := correct(defs); err != nil {
		return err
	}
	compiler := jsonschema.NewCompiler()
	// Swagger 2.0 schemas are a dialect of JSON Schema draft 4. Only the
	// definitions are registered: paths and parameters are not schemas.
	compiler.DefaultDraft(jsonschema.Draft4)
	if err := compiler.AddResource(documentURL, map[string]any{"definitions": defs}); err != nil {
		return fmt.Errorf("loading upstream definitions: %w", err)
	}
	c.compiler = compiler
	c.defs = defs
	c.compiled = map[string]*jsonschema.Schema{}
	return nil
}

// correct applies the corrections to the definitions, failing on any entry
// that no longer matches the document.
func correct(defs map[string]any) error {
	for _, np := range corrections.NullableProperties {
		prop, err := property(defs, np.Definition, np.Property)
		if err != nil {
			return err
		}
		// Every nullable property has a plain "type" (no $ref), so null is
		// added to it; this keeps the messages short ("got number, want
		// string, null") where an anyOf wrapper would report each branch.
		typ, ok := prop["type"].(string)
		if !ok {
			return fmt.Errorf("nullable property %s.%s has no single type to extend", np.Definition, np.Property)
		}
		prop["type"] = []any{typ, "null"}
	}
	for _, np := range corrections.NullableReferences {
		prop, err := property(defs, np.Definition, np.Property)
		if err != nil {
			return err
		}
		if _, ok := prop["$ref"].(string); !ok {
			return fmt.Errorf("nullable reference %s.%s is no $ref", np.Definition, np.Property)
		}
		ref := map[string]any{}
		for k, v := range prop {
			ref[k] = v
			delete(prop, k)
		}
		prop["anyOf"] = []any{ref, map[string]any{"type": "null"}}
	}
	for name, types := range corrections.RetypedDefinitions {
		if _, ok := defs[name]; !ok {
			return fmt.Errorf("retyped definition %q is not in the document", name)
		}
		typ := make([]any, len(types))
		for i, t := range types {
			typ[i] = t
		}
		defs[name] = map[string]any{"type": typ}
	}
	for _, name := range corrections.EmptyEnumValues {
		def, ok := defs[name].(map[string]any)
		if !ok {
			return fmt.Errorf("enum definition %q is not in the document", name)
		}
		values, ok := def["enum"].([]any)
		if !ok {
			return fmt.Errorf("definition %q has no enum", name)
		}
		def["enum"] = append(values, "")
	}
	return nil
}

// property returns the schema of definition.property.
func property(defs map[string]any, definition, name string) (map[string]any, error) {
	def, ok := defs[definition].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("nullable property: definition %q is not in the document", definition)
	}
	props, _ := def["properties"].(map[string]any)
	prop, ok := props[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("nullable property: definition %q has no property %q", definition, name)
	}
	return prop, nil
}
