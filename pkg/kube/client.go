// Package kube builds the BFF's Kubernetes clients: client-go's clientset for
// core resources and a small typed client for the kubeflow.org/v1beta1 CRDs,
// which have no generated clientset.
package kube

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/watch"
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

// Clients are the API clients the BFF uses.
type Clients struct {
	// Kube is client-go's clientset for built-in resources.
	Kube kubernetes.Interface
	// Workspaces and WorkspaceKinds are typed clients for the CRDs.
	Workspaces     *Resource[*v1beta1.Workspace, *v1beta1.WorkspaceList]
	WorkspaceKinds *Resource[*v1beta1.WorkspaceKind, *v1beta1.WorkspaceKindList]
	// PersistentVolumeClaims and Secrets are typed clients for those core
	// resources, with the same methods (and preconditions) as the CRD
	// clients, so that writes to them share one read-modify-write path.
	// What Secrets reads holds the Secrets' values: callers must drop them
	// at once.
	PersistentVolumeClaims *Resource[*corev1.PersistentVolumeClaim, *corev1.PersistentVolumeClaimList]
	Secrets                *Resource[*corev1.Secret, *corev1.SecretList]
}

// NewClients builds the clients from a rest.Config. The config is copied,
// never modified.
func NewClients(cfg *rest.Config) (*Clients, error) {
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("building the Kubernetes client: %w", err)
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
	// The core resources' typed clients share the clientset's core/v1
	// REST client.
	core := kube.CoreV1().RESTClient()
	return &Clients{
		Kube: kube,
		Workspaces: &Resource[*v1beta1.Workspace, *v1beta1.WorkspaceList]{
			client: rc, resource: "workspaces",
			newObject: func() *v1beta1.Workspace { return &v1beta1.Workspace{} },
			newList:   func() *v1beta1.WorkspaceList { return &v1beta1.WorkspaceList{} },
		},
		WorkspaceKinds: &Resource[*v1beta1.WorkspaceKind, *v1beta1.WorkspaceKindList]{
			client: rc, resource: "workspacekinds",
			newObject: func() *v1beta1.WorkspaceKind { return &v1beta1.WorkspaceKind{} },
			newList:   func() *v1beta1.WorkspaceKindList { return &v1beta1.WorkspaceKindList{} },
		},
		PersistentVolumeClaims: &Resource[*corev1.PersistentVolumeClaim, *corev1.PersistentVolumeClaimList]{
			client: core, resource: "persistentvolumeclaims",
			newObject: func() *corev1.PersistentVolumeClaim { return &corev1.PersistentVolumeClaim{} },
			newList:   func() *corev1.PersistentVolumeClaimList { return &corev1.PersistentVolumeClaimList{} },
		},
		Secrets: &Resource[*corev1.Secret, *corev1.SecretList]{
			client: core, resource: "secrets",
			newObject: func() *corev1.Secret { return &corev1.Secret{} },
			newList:   func() *corev1.SecretList { return &corev1.SecretList{} },
		},
	}, nil
}

// NewMetadataClient builds a client that reads objects' metadata only
// (PartialObjectMetadata), so that listing and watching Secrets never
// brings their values into the BFF. The config is copied, never modified.
func NewMetadataClient(cfg *rest.Config) (metadata.Interface, error) {
	return metadata.NewForConfig(rest.CopyConfig(cfg))
}

// Object is what a typed resource client reads and writes.
type Object interface {
	runtime.Object
	metav1.Object
}

// Resource is a typed client for one resource. For a cluster-scoped
// resource pass an empty namespace: client-go refuses an explicitly empty
// namespace on POST and on named requests, so it is only set when non-empty.
type Resource[T Object, L runtime.Object] struct {
	client    rest.Interface
	resource  string
	newObject func() T
	newList   func() L
}

// Name is the resource's plural name, e.g. "workspaces".
func (r *Resource[T, L]) Name() string { return r.resource }

// Get reads one object.
func (r *Resource[T, L]) Get(ctx context.Context, namespace, name string, opts metav1.GetOptions) (T, error) {
	out := r.newObject()
	err := r.client.Get().NamespaceIfScoped(namespace, namespace != "").Resource(r.resource).Name(name).
		VersionedParams(&opts, parameterCodec).Do(ctx).Into(out)
	return out, err
}

// List reads every object in namespace ("" for all namespaces).
func (r *Resource[T, L]) List(ctx context.Context, namespace string, opts metav1.ListOptions) (L, error) {
	out := r.newList()
	err := r.client.Get().NamespaceIfScoped(namespace, namespace != "").Resource(r.resource).
		VersionedParams(&opts, parameterCodec).Do(ctx).Into(out)
	return out, err
}

// Watch watches objects in namespace ("" for all namespaces).
func (r *Resource[T, L]) Watch(ctx context.Context, namespace string, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	return r.client.Get().NamespaceIfScoped(namespace, namespace != "").Resource(r.resource).
		VersionedParams(&opts, parameterCodec).Watch(ctx)
}

// Create creates obj in its namespace.
func (r *Resource[T, L]) Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error) {
	out := r.newObject()
	err := r.client.Post().NamespaceIfScoped(obj.GetNamespace(), obj.GetNamespace() != "").Resource(r.resource).
		VersionedParams(&opts, parameterCodec).Body(obj).Do(ctx).Into(out)
	return out, err
}

// Update replaces obj; its resourceVersion is the precondition.
func (r *Resource[T, L]) Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return r.put(ctx, obj, opts)
}

// UpdateStatus replaces obj's status through the status subresource, as the
// workspace controller does.
func (r *Resource[T, L]) UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	return r.put(ctx, obj, opts, "status")
}

func (r *Resource[T, L]) put(ctx context.Context, obj T, opts metav1.UpdateOptions, subresources ...string) (T, error) {
	out := r.newObject()
	err := r.client.Put().NamespaceIfScoped(obj.GetNamespace(), obj.GetNamespace() != "").Resource(r.resource).Name(obj.GetName()).
		SubResource(subresources...).VersionedParams(&opts, parameterCodec).Body(obj).Do(ctx).Into(out)
	return out, err
}

// Patch applies a patch of type pt to one object.
func (r *Resource[T, L]) Patch(ctx context.Context, namespace, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (T, error) {
	out := r.newObject()
	err := r.client.Patch(pt).NamespaceIfScoped(namespace, namespace != "").Resource(r.resource).Name(name).
		SubResource(subresources...).VersionedParams(&opts, parameterCodec).Body(data).Do(ctx).Into(out)
	return out, err
}

// Delete deletes one object; opts may carry a resourceVersion precondition.
func (r *Resource[T, L]) Delete(ctx context.Context, namespace, name string, opts metav1.DeleteOptions) error {
	return r.client.Delete().NamespaceIfScoped(namespace, namespace != "").Resource(r.resource).Name(name).Body(&opts).Do(ctx).Error()
}
