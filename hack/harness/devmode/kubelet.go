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

package devmode

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// Node is the dev cluster's one node: the seeded Pods and those the
// controller simulator creates run on it.
const Node = "dev-node-1"

// startKubelet serves what only a kubelet serves, a container's log, on
// loopback over TLS, and registers Node with that address, so that the API
// server reaches it as it would a real node's kubelet (kube-apiserver does
// not verify kubelet certificates unless told to, and dev mode does not).
// It is the test harness's kubelet (testenv.Env.Node) made to last the
// dev run. The caller closes the server.
func startKubelet(ctx context.Context, clients *kube.Clients) (*httptest.Server, error) {
	srv := httptest.NewTLSServer(http.HandlerFunc(serveContainerLog))
	host, portText, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		srv.Close()
		return nil, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		srv.Close()
		return nil, err
	}
	nodes := clients.Kube.CoreV1().Nodes()
	node, err := nodes.Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: Node}}, metav1.CreateOptions{})
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("registering the dev node: %w", err)
	}
	node.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: host}}
	node.Status.DaemonEndpoints.KubeletEndpoint.Port = int32(port)
	node.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}
	if _, err := nodes.UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
		srv.Close()
		return nil, fmt.Errorf("writing the dev node's status: %w", err)
	}
	return srv, nil
}

// followTick is how often a followed dev log gets a line.
const followTick = 2 * time.Second

// serveContainerLog answers GET /containerLogs/{namespace}/{pod}/{container}
// with a few lines saying whose log it is, timestamped when asked, as the
// API server asks for the BFF (timestamps=true); tailLines is honoured.
// With follow=true (.../podtemplate/logs/stream) the log stays open and
// gets a line every followTick until the client leaves: the container
// never ends.
func serveContainerLog(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 4 || parts[0] != "containerLogs" {
		http.NotFound(w, r)
		return
	}
	namespace, pod, container := parts[1], parts[2], parts[3]
	lines := []string{
		fmt.Sprintf("dev mode: the simulated log of container %s of Pod %s/%s", container, namespace, pod),
		"dev mode: no container runs here; a cluster shows the container's own output",
		"[I 00:00:00.000 ServerApp] Serving notebooks from local directory: /home/jovyan",
		"[I 00:00:00.001 ServerApp] Jupyter Server is running",
	}
	query := r.URL.Query()
	if tail, err := strconv.Atoi(query.Get("tailLines")); err == nil && tail >= 0 && tail < len(lines) {
		lines = lines[len(lines)-tail:]
	}
	timestamps := query.Get("timestamps") == "true"
	write := func(line string) {
		if timestamps {
			line = time.Now().UTC().Format(time.RFC3339Nano) + " " + line
		}
		_, _ = fmt.Fprintln(w, line)
	}
	w.Header().Set("Content-Type", "text/plain")
	for _, line := range lines {
		write(line)
	}
	if query.Get("follow") != "true" {
		return
	}
	flusher, _ := w.(http.Flusher)
	tick := time.NewTicker(followTick)
	defer tick.Stop()
	for n := 1; ; n++ {
		if flusher != nil {
			flusher.Flush()
		}
		select {
		case <-tick.C:
			write(fmt.Sprintf("[I ServerApp] dev mode: line %d of a followed log", n))
		case <-r.Context().Done():
			return
		}
	}
}
