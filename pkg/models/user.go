package models

// User is the caller as GET /api/v1/user describes them, the shape that
// Kubeflow's other BFFs serving mod-arch frontends (the model registry UI's)
// answer with.
type User struct {
	// UserID is the caller's name, from the identity header.
	UserID string `json:"userId"`
	// ClusterAdmin is whether the caller may do anything cluster-wide.
	ClusterAdmin bool `json:"clusterAdmin"`
}
