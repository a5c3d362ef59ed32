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

// Command openapi generates pkg/openapi/openapi.json, the BFF's OpenAPI 3
// document: the hand-written pkg/openapi/api.yaml (every route, parameter,
// header and response) plus the schemas it references from upstream's
// OpenAPI 2.0 document, converted to OpenAPI 3 by kin-openapi's openapi2conv
// and corrected as hack/openapi/corrections says. Taking the schemas from
// upstream's document, rather than copying them by hand, keeps our bodies
// described exactly as the upstream frontend's client expects them.
//
// `make generate` runs it from the repository root; `make verify-generated`
// fails when the checked-in document is stale.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/openapi/corrections"
)

func main() {
	source := flag.String("source", "pkg/openapi/api.yaml", "the hand-written document")
	upstream := flag.String("upstream", "hack/harness/apitest/testdata/upstream-swagger.json", "upstream's OpenAPI 2.0 document")
	out := flag.String("out", "pkg/openapi/openapi.json", "the generated document")
	flag.Parse()
	if err := run(*source, *upstream, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
}

func run(sourcePath, upstreamPath, outPath string) error {
	source, err := os.ReadFile(sourcePath)
	if err != nil {
		return err
	}
	upstream, err := os.ReadFile(upstreamPath)
	if err != nil {
		return err
	}
	doc, err := generate(source, upstream)
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, doc, 0o644)
}

// schemaRefPrefix starts every reference to a component schema.
const schemaRefPrefix = "#/components/schemas/"

// generate merges the hand-written document with the upstream schemas it
// references, validates the result and renders it as indented JSON.
func generate(source, upstream []byte) ([]byte, error) {
	upstreamSchemas, err := upstreamSchemas(upstream)
	if err != nil {
		return nil, err
	}
	sourceJSON, err := yaml.YAMLToJSON(source)
	if err != nil {
		return nil, fmt.Errorf("api.yaml: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(sourceJSON, &doc); err != nil {
		return nil, fmt.Errorf("api.yaml: %w", err)
	}
	components, _ := doc["components"].(map[string]any)
	if components == nil {
		return nil, errors.New("api.yaml: no components")
	}
	ours, _ := components["schemas"].(map[string]any)
	if ours == nil {
		ours = map[string]any{}
	}

	// Keep the upstream schemas reachable from our document, and only those:
	// upstream's document also holds definitions no route refers to.
	all := map[string]any{}
	for name, s := range upstreamSchemas {
		all[name] = s
	}
	for name, s := range ours {
		if _, ok := all[name]; ok {
			return nil, fmt.Errorf("api.yaml: schema %q is upstream's too; name ours differently", name)
		}
		all[name] = s
	}
	delete(components, "schemas")
	reachable, err := reachableSchemas(doc, all)
	if err != nil {
		return nil, err
	}
	var unused []string
	for name := range ours {
		if !reachable[name] {
			unused = append(unused, name)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return nil, fmt.Errorf("api.yaml: schemas nothing references: %s", strings.Join(unused, ", "))
	}
	schemas := map[string]any{}
	for name := range reachable {
		schemas[name] = all[name]
	}
	components["schemas"] = schemas

	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := validate(out.Bytes()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// upstreamSchemas converts upstream's definitions to OpenAPI 3 component
// schemas and applies the corrections, as plain JSON values.
func upstreamSchemas(upstream []byte) (map[string]any, error) {
	var v2 openapi2.T
	if err := json.Unmarshal(upstream, &v2); err != nil {
		return nil, fmt.Errorf("upstream document: %w", err)
	}
	// Only the definitions are taken: our paths are written by hand.
	v2.Paths = nil
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, fmt.Errorf("converting upstream's document: %w", err)
	}
	schemas := v3.Components.Schemas
	if err := correct(schemas); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(schemas)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, json.Unmarshal(raw, &out)
}

// correct applies hack/openapi/corrections in OpenAPI 3 terms, failing on any
// entry that no longer matches upstream's document.
func correct(schemas openapi3.Schemas) error {
	for _, np := range corrections.NullableProperties {
		def := schemas[np.Definition]
		if def == nil || def.Value == nil {
			return fmt.Errorf("nullable property: upstream has no definition %q", np.Definition)
		}
		prop := def.Value.Properties[np.Property]
		if prop == nil || prop.Value == nil {
			return fmt.Errorf("nullable property: definition %q has no property %q", np.Definition, np.Property)
		}
		if prop.Ref != "" || prop.Value.Type == nil || !prop.Value.Type.IsSingle() {
			return fmt.Errorf("nullable property %s.%s has no single type to extend", np.Definition, np.Property)
		}
		prop.Value.Nullable = true
	}
	for _, np := range corrections.NullableReferences {
		def := schemas[np.Definition]
		if def == nil || def.Value == nil {
			return fmt.Errorf("nullable reference: upstream has no definition %q", np.Definition)
		}
		prop := def.Value.Properties[np.Property]
		if prop == nil || prop.Ref == "" {
			return fmt.Errorf("nullable reference %s.%s is no $ref", np.Definition, np.Property)
		}
		// OpenAPI 3.0 ignores siblings of a $ref: the reference moves into
		// an allOf that may be null.
		def.Value.Properties[np.Property] = openapi3.NewSchemaRef("", &openapi3.Schema{
			Nullable: true,
			AllOf:    openapi3.SchemaRefs{openapi3.NewSchemaRef(prop.Ref, nil)},
		})
	}
	for name, types := range corrections.RetypedDefinitions {
		def := schemas[name]
		if def == nil || def.Value == nil {
			return fmt.Errorf("retyped definition %q is not upstream's", name)
		}
		// OpenAPI 3.0 has one type per schema: several are alternatives.
		retyped := &openapi3.Schema{Description: def.Value.Description}
		if len(types) == 1 {
			retyped.Type = &openapi3.Types{types[0]}
		}
		if len(types) > 1 {
			for _, t := range types {
				retyped.OneOf = append(retyped.OneOf, openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{t}}))
			}
		}
		schemas[name] = openapi3.NewSchemaRef("", retyped)
	}
	for _, name := range corrections.EmptyEnumValues {
		def := schemas[name]
		if def == nil || def.Value == nil || len(def.Value.Enum) == 0 {
			return fmt.Errorf("enum definition %q is not upstream's", name)
		}
		def.Value.Enum = append(def.Value.Enum, "")
	}
	return nil
}

// reachableSchemas names the schemas that doc (without its schemas)
// references, directly or through other schemas.
func reachableSchemas(doc map[string]any, all map[string]any) (map[string]bool, error) {
	reachable := map[string]bool{}
	var queue []string
	var missing []string
	visit := func(v any) {
		refs(v, func(ref string) {
			name, ok := strings.CutPrefix(ref, schemaRefPrefix)
			if !ok || reachable[name] {
				return
			}
			if _, ok := all[name]; !ok {
				missing = append(missing, name)
				return
			}
			reachable[name] = true
			queue = append(queue, name)
		})
	}
	visit(doc)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		visit(all[name])
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("references to schemas that neither api.yaml nor upstream defines: %s",
			strings.Join(slices.Compact(missing), ", "))
	}
	return reachable, nil
}

// refs calls found with every "$ref" value in v.
func refs(v any, found func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if s, ok := child.(string); ok && k == "$ref" {
				found(s)
				continue
			}
			refs(child, found)
		}
	case []any:
		for _, child := range v {
			refs(child, found)
		}
	}
}

// validate loads the generated document as a client would and checks it
// against the OpenAPI 3 specification.
func validate(doc []byte) error {
	loaded, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return fmt.Errorf("loading the generated document: %w", err)
	}
	if err := loaded.Validate(context.Background()); err != nil {
		return fmt.Errorf("the generated document is not valid OpenAPI: %w", err)
	}
	return nil
}
