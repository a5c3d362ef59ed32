// Package apitest checks response bodies against the OpenAPI 2.0 document
// that upstream's Workspaces BFF publishes, and that upstream's frontend
// generates its API client from. A body that passes ValidateUpstream has the
// shape that frontend expects: every required key present, every value of the
// documented type, and null only where upstream itself emits null.
//
// testdata/upstream-swagger.json is a verbatim copy of
// /work/shared/spec/upstream-swagger.json (upstream kubeflow/notebooks,
// notebooks-v2, commit 8b6105775132f4ea0af2a1dc3833519789651233). The
// document is only read through the corrections below, never edited, so a
// newer copy can be dropped in as is.
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
)

//go:embed testdata/upstream-swagger.json
var upstreamSwagger []byte

// nullableProperty is a property that upstream's Go encoder sets to null,
// although Swagger 2.0 cannot say so: it has no `nullable`.
type nullableProperty struct {
	definition, property string
}

// nullableProperties are the only places where null is accepted, each one
// documented in api.md. Anywhere else null fails validation, so an empty list
// encoded as null instead of [] is caught. Every entry must exist in the
// document: a stale entry fails every validation rather than going unnoticed.
//
// A definition is shared by every body that uses it, so the entries for
// WorkspaceCreate (PodMetadataMutate, PodVolumesMutate) also accept null in
// WorkspaceUpdate, which uses the same definitions; tests of the update form
// assert its exact JSON for that reason.
var nullableProperties = []nullableProperty{
	// Audit (api.md 3): metav1.Time / *string fields, null when the timestamp
	// or annotation is absent (updatedAt also when it does not parse).
	{"common.Audit", "createdAt"},
	{"common.Audit", "createdBy"},
	{"common.Audit", "updatedAt"},
	{"common.Audit", "updatedBy"},
	{"common.Audit", "deletedAt"},
	// OptionInfo of an option the kind does not define, or of a missing kind
	// (api.md 5.3, crds.md 5.1): labels null.
	{"workspaces.OptionInfo", "labels"},
	// WorkspaceListItem of a missing kind or unknown image value (api.md 5.3).
	{"workspaces.WorkspaceListItem", "services"},
	// WorkspaceCreate (api.md 5.4): maps and the home/data volumes as decoded
	// from a request that sent null.
	{"workspaces.PodMetadataMutate", "labels"},
	{"workspaces.PodMetadataMutate", "annotations"},
	{"workspaces.PodVolumesMutate", "home"},
	{"workspaces.PodVolumesMutate", "data"},
}

// correctedDefinitions replace definitions that upstream's generator (swaggo)
// describes by the Go struct rather than by its JSON encoding. Upstream's
// bodies carry the JSON encoding, so validating against the struct shape
// would reject every real WorkspaceKind that uses these types.
var correctedDefinitions = map[string]map[string]any{
	// resource.Quantity marshals to a string such as "100m" or "2Gi"
	// (resource requests in podConfig values), not to {"Format": ...}.
	"resource.Quantity": {"type": "string"},
	// intstr.IntOrString marshals to a bare integer or string (probe ports),
	// not to {"intVal", "strVal", "type"}.
	"intstr.IntOrString": {"type": []any{"integer", "string"}},
}

// emptyEnumValues are enum definitions that upstream also serializes with the
// value "": a Workspace's status.state is "" until the controller first
// writes its status, and upstream copies it verbatim (api.md 5.3).
var emptyEnumValues = []string{"v1beta1.WorkspaceState"}

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

// correct applies nullableProperties, correctedDefinitions and
// emptyEnumValues to the definitions, failing on any entry that no longer
// matches the document.
func correct(defs map[string]any) error {
	for _, np := range nullableProperties {
		prop, err := property(defs, np.definition, np.property)
		if err != nil {
			return err
		}
		// Every nullable property has a plain "type" (no $ref), so null is
		// added to it; this keeps the messages short ("got number, want
		// string, null") where an anyOf wrapper would report each branch.
		typ, ok := prop["type"].(string)
		if !ok {
			return fmt.Errorf("nullable property %s.%s has no single type to extend", np.definition, np.property)
		}
		prop["type"] = []any{typ, "null"}
	}
	for name, schema := range correctedDefinitions {
		if _, ok := defs[name]; !ok {
			return fmt.Errorf("corrected definition %q is not in the document", name)
		}
		defs[name] = schema
	}
	for _, name := range emptyEnumValues {
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
