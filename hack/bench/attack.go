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

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// The soak's attacker (-soak -attacker, make soak-attack): one user with a
// valid login, who may edit Workspaces in one namespace and nothing else,
// does what the security review did, all at once and without pause, while
// the legitimate users poll and write:
//   - 4 MiB bodies where they may not write (a WorkspaceKind) and where they
//     may (a Workspace in their namespace);
//   - GETs of random names in namespaces they may not read, each an access
//     review the cache cannot answer;
//   - watch streams beyond their budget, held open;
//   - log reads beyond their budget, with the largest tailLines and more.

// attackerUser is the attacker's login.
const attackerUser = "attacker@example.com"

// attackStats counts the attacker's answers, by attack and status (0: a
// transport error, e.g. a connection the BFF closed on a body it would not
// read).
type attackStats struct {
	mu       sync.Mutex
	byStatus map[string]map[int]int64
}

func (s *attackStats) count(attack string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byStatus == nil {
		s.byStatus = map[string]map[int]int64{}
	}
	if s.byStatus[attack] == nil {
		s.byStatus[attack] = map[int]int64{}
	}
	s.byStatus[attack][status]++
}

// grantAttacker lets the attacker edit Workspaces in ns, as a Kubeflow
// profile's contributor may.
func grantAttacker(ctx context.Context, clients *kube.Clients, ns string) error {
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "soak-attacker", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{"kubeflow.org"}, Resources: []string{"workspaces"},
			Verbs: []string{"get", "list", "watch", "create", "update", "patch", "delete"},
		}},
	}
	if _, err := clients.Kube.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		return err
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "soak-attacker", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: attackerUser}},
	}
	_, err := clients.Kube.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{})
	return err
}

// attack runs the attacker until ctx ends, from a client of its own (it is
// another machine), and waits for every request it made to end.
func attack(ctx context.Context, base string, plan seedPlan, s *attackStats) {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	own := plan.namespaces[0]
	others := plan.namespaces[1:]
	if len(others) == 0 {
		others = []string{"default"}
	}
	kindYAML := bigKindYAML()
	workspaceJSON := []byte(`{"data":{"name":"x","labels":{"` + strings.Repeat("a", 4<<20) + `":""}}}`)
	send := func(attack, method, path, contentType string, body []byte) (*http.Response, error) {
		var r io.Reader
		if body != nil {
			r = bytes.NewReader(body)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
		req.Header.Set("Kubeflow-Userid", attackerUser)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := client.Do(req)
		if ctx.Err() != nil {
			if err == nil {
				resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		if err != nil {
			s.count(attack, 0)
			return nil, err
		}
		s.count(attack, resp.StatusCode)
		return resp, nil
	}
	drain := func(resp *http.Response, err error) {
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	loop := func(wg *sync.WaitGroup, n int, f func(rng *rand.Rand)) {
		for i := range n {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(i), 7))
				for ctx.Err() == nil {
					f(rng)
				}
			})
		}
	}
	var wg sync.WaitGroup
	loop(&wg, 2, func(*rand.Rand) {
		drain(send("4 MiB WorkspaceKind, no access", http.MethodPost, "/api/v1/workspacekinds", "application/yaml", kindYAML))
	})
	loop(&wg, 2, func(*rand.Rand) {
		drain(send("4 MiB Workspace, own namespace", http.MethodPost, "/api/v1/workspaces/"+own, "application/json", workspaceJSON))
	})
	loop(&wg, 4, func(rng *rand.Rand) {
		path := fmt.Sprintf("/api/v1/workspaces/%s/random-%d", others[rng.IntN(len(others))], rng.Uint64())
		drain(send("random-name GETs, others' namespaces", http.MethodGet, path, "", nil))
	})
	// Log reads: 8 at once, twice the budget, of the largest tail, and
	// past it.
	loop(&wg, 8, func(rng *rand.Rand) {
		// Workspace i lives in namespace i mod n: the attacker's own.
		n := len(plan.namespaces)
		_, name := plan.workspace(n * rng.IntN(max(1, plan.workspaces/n)))
		tail := []string{"10000", "1000000"}[rng.IntN(2)]
		drain(send("log reads", http.MethodGet, "/api/v1/workspaces/"+own+"/"+name+"/podtemplate/logs/batch?tailLines="+tail, "", nil))
	})
	// Watches: 40 at once, twice the budget, each held until the end; a
	// refused one is asked for again at once.
	loop(&wg, 40, func(*rand.Rand) {
		resp, err := send("watch streams", http.MethodGet, "/api/v1/workspaces/"+own+"?watch=true", "", nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			_, _ = io.Copy(io.Discard, resp.Body) // held until ctx ends
		}
		drain(resp, err)
	})
	wg.Wait()
}

// bigKindYAML is a WorkspaceKind manifest of 4 MiB of label keys, as the
// security review sent.
func bigKindYAML() []byte {
	var b bytes.Buffer
	b.WriteString("apiVersion: kubeflow.org/v1beta1\nkind: WorkspaceKind\nmetadata:\n  name: attack\n  labels:\n")
	for i := 0; b.Len() < 4<<20; i++ {
		fmt.Fprintf(&b, "    k%d: v\n", i)
	}
	return b.Bytes()
}

// printAttack reports the legitimate users with and without the attacker,
// and the attacker's answers.
func printAttack(w io.Writer, without, with *soakPhase, s *attackStats) {
	fmt.Fprintf(w, "\nAttacker (%s): the legitimate users without and with the attacker.\n\n", attackerUser)
	fmt.Fprintf(w, "| | reads | reads p99 | writes | writes p99 | 5xx | transport errors | writes not as expected | peak RSS |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, p := range []*soakPhase{without, with} {
		st := p.stats
		fmt.Fprintf(w, "| %s | %d | %s | %d | %s | %d | %d | %d | %.1f MiB |\n", p.name,
			st.readCount.Load(), latency(st.reads.quantile(0.99)), st.writeCount.Load(), latency(st.writes.quantile(0.99)),
			st.status[5].Load(), st.status[0].Load(), st.unexpectedWriteStatus.Load(), mib(p.peakRSSKiB()))
	}
	fmt.Fprintf(w, "\nLegitimate users' 5xx with the attacker (target 0): %s. The pod's memory limit is 512 MiB.\n",
		verdict(with.stats.status[5].Load() == 0 && with.stats.status[0].Load() == 0))
	for _, e := range with.stats.errorSamples {
		fmt.Fprintf(w, "  e.g. %s\n", e)
	}
	fmt.Fprintf(w, "\n| attack | answers by status (0: connection closed) |\n|---|---|\n")
	s.mu.Lock()
	defer s.mu.Unlock()
	attacks := make([]string, 0, len(s.byStatus))
	for a := range s.byStatus {
		attacks = append(attacks, a)
	}
	sort.Strings(attacks)
	for _, a := range attacks {
		statuses := make([]int, 0, len(s.byStatus[a]))
		for st := range s.byStatus[a] {
			statuses = append(statuses, st)
		}
		slices.Sort(statuses)
		parts := make([]string, 0, len(statuses))
		for _, st := range statuses {
			parts = append(parts, fmt.Sprintf("%d: %d", st, s.byStatus[a][st]))
		}
		fmt.Fprintf(w, "| %s | %s |\n", a, strings.Join(parts, ", "))
	}
}

// soakPhase is one measured stretch of the soak.
type soakPhase struct {
	name    string
	stats   *soakStats
	samples []sample
}

func (p *soakPhase) peakRSSKiB() int64 {
	var peak int64
	for _, s := range p.samples {
		peak = max(peak, s.rssKiB)
	}
	return peak
}

// sampleEvery is how often the attacker's phases sample the BFF's RSS: its
// peak is what the report compares.
const sampleEvery = 500 * time.Millisecond
