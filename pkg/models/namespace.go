package models

import corev1 "k8s.io/api/core/v1"

// Namespace is an item of GET /api/v1/namespaces [namespaces.Namespace].
type Namespace struct {
	Name string `json:"name"`
}

// NewNamespace renders a Namespace: only its name is served.
func NewNamespace(ns *corev1.Namespace) Namespace {
	return Namespace{Name: ns.Name}
}
