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

// Package kube builds the BFF's Kubernetes clients: client-go's clientset for
// core resources, a metadata client (Secrets are only ever watched as
// metadata), and typed clients for the kubeflow.org/v1beta1 CRDs made with
// client-go's gentype, the generic implementation its generated clientsets
// use.
package kube

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/gentype"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// Scheme knows the built-in Kubernetes types and kubeflow.org/v1beta1.
var Scheme = runtime.NewScheme()

var (
	codecs         = serializer.NewCodecFactory(Scheme)
	parameterCodec = runtime.NewParameterCodec(Scheme)
)

func init() {
	utilruntime.Must(clientgoscheme.AddToScheme(Scheme))
	utilruntime.Must(v1beta1.AddToScheme(Scheme))
}

// Resource names, as the API server and the BFF's metrics name them.
const (
	ResourceWorkspaces             = "workspaces"
	ResourceWorkspaceKinds         = "workspacekinds"
	ResourcePersistentVolumeClaims = "persistentvolumeclaims"
	ResourceSecrets                = "secrets"
)

// Clients are the API clients the BFF uses.
type Clients struct {
	// Kube is client-go's clientset for built-in resources.
	Kube kubernetes.Interface
	// Metadata reads objects' metadata only (PartialObjectMetadata), so
	// that watching Secrets never brings their values into the BFF.
	Metadata metadata.Interface
	// kubeflow is the REST client of kubeflow.org/v1beta1.
	kubeflow rest.Interface
}

// WorkspaceClient is the typed client of Workspaces in one namespace.
type WorkspaceClient = gentype.ClientWithList[*v1beta1.Workspace, *v1beta1.WorkspaceList]

// WorkspaceKindClient is the typed client of WorkspaceKinds.
type WorkspaceKindClient = gentype.ClientWithList[*v1beta1.WorkspaceKind, *v1beta1.WorkspaceKindList]

// NewClients builds the clients from a rest.Config. The config is copied,
// never modified.
func NewClients(cfg *rest.Config) (*Clients, error) {
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("building the Kubernetes client: %w", err)
	}
	meta, err := metadata.NewForConfig(rest.CopyConfig(cfg))
	if err != nil {
		return nil, fmt.Errorf("building the metadata client: %w", err)
	}
	crdCfg := rest.CopyConfig(cfg)
	crdCfg.GroupVersion = &v1beta1.GroupVersion
	crdCfg.APIPath = "/apis"
	crdCfg.NegotiatedSerializer = codecs.WithoutConversion()
	crdCfg.ContentType = runtime.ContentTypeJSON
	if crdCfg.UserAgent == "" {
		crdCfg.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	rc, err := rest.RESTClientFor(crdCfg)
	if err != nil {
		return nil, fmt.Errorf("building the kubeflow.org client: %w", err)
	}
	return &Clients{Kube: kube, Metadata: meta, kubeflow: rc}, nil
}

// Workspaces is the client of the Workspaces in namespace
// (metav1.NamespaceAll for a list or watch of every namespace).
func (c *Clients) Workspaces(namespace string) *WorkspaceClient {
	return gentype.NewClientWithList(ResourceWorkspaces, c.kubeflow, parameterCodec, namespace,
		func() *v1beta1.Workspace { return &v1beta1.Workspace{} },
		func() *v1beta1.WorkspaceList { return &v1beta1.WorkspaceList{} })
}

// WorkspaceKinds is the client of WorkspaceKinds, which are cluster-scoped.
func (c *Clients) WorkspaceKinds() *WorkspaceKindClient {
	return gentype.NewClientWithList(ResourceWorkspaceKinds, c.kubeflow, parameterCodec, metav1.NamespaceNone,
		func() *v1beta1.WorkspaceKind { return &v1beta1.WorkspaceKind{} },
		func() *v1beta1.WorkspaceKindList { return &v1beta1.WorkspaceKindList{} })
}

// Object is what a typed client reads and writes.
type Object interface {
	runtime.Object
	metav1.Object
}
