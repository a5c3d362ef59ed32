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

package cache

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestAllWorkspaces(t *testing.T) {
	m := NewModel(models.Options{})
	for i, ns := range []string{"b", "a", "a-b", "c"} {
		for j := range 20 {
			m.Upsert(workspace(ns, strings.Repeat("w", j+1)+string(rune('0'+i)), "k"))
		}
	}
	c := m.AllWorkspaces()
	if m.AllWorkspaces() != c {
		t.Fatal("AllWorkspaces is rebuilt without a change")
	}
	body := bytes.Join(c.Parts(), nil)
	var want []byte
	for _, ns := range []string{"a", "a-b", "b", "c"} {
		items, _ := m.Workspaces(ns).Page("", 100)
		want = append(append(want, ','), items...)
	}
	want = append(append([]byte(`{"data":[`), want[1:]...), ']', '}')
	if !bytes.Equal(body, want) {
		t.Fatalf("the parts differ from the namespaces' lists one after another:\n%s\n%s", body, want)
	}
	zr, err := gzip.NewReader(bytes.NewReader(c.Gzip()))
	if err != nil {
		t.Fatal(err)
	}
	if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, body) {
		t.Fatal("the gzip form is not the body")
	}
	if c.Len() != 80 {
		t.Fatalf("Len %d", c.Len())
	}

	// A change in one namespace: a new answer with a new ETag, which
	// reuses the other namespaces' lists.
	m.Upsert(&v1beta1.Workspace{ObjectMeta: workspace("a", "new", "k").ObjectMeta})
	c2 := m.AllWorkspaces()
	if c2 == c || c2.ETag() == c.ETag() || c2.Len() != 81 {
		t.Fatalf("after a change: same answer %v, same ETag %v, %d items", c2 == c, c2.ETag() == c.ETag(), c2.Len())
	}
	if c2.Lists[len(c2.Lists)-1] != c.Lists[len(c.Lists)-1] {
		t.Fatal("an unchanged namespace's list was rebuilt")
	}
	// ... and their compressed items: only the changed namespace is
	// compressed again.
	unchanged := &c.Lists[len(c.Lists)-1].items
	before := unchanged.deflated()
	c2.Gzip()
	if &unchanged.deflated()[0] != &before[0] || c2.pieces[len(c2.pieces)-2] != unchanged {
		t.Fatal("the new answer's gzip form compressed an unchanged namespace again")
	}
	m.Delete(workspace("a", "new", "k"))
	if c3 := m.AllWorkspaces(); c3.ETag() == c2.ETag() || c3.Len() != 80 {
		t.Fatalf("after a delete: ETag %s (was %s), %d items", c3.ETag(), c2.ETag(), c3.Len())
	}
}
