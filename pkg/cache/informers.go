// Package cache holds the BFF's read model: shared informers on Workspaces,
// WorkspaceKinds and Namespaces that every GET is served from. Nothing in
// this package writes to the API server, and nothing outside it writes to
// the informers' stores: the cache learns only from the watch.
package cache

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// Informers are the shared informers the read model is built from.
// Objects in their stores are shared: never modify them.
type Informers struct {
	Workspaces     toolscache.SharedIndexInformer
	WorkspaceKinds toolscache.SharedIndexInformer
	Namespaces     toolscache.SharedIndexInformer
}

// NewInformers creates the informers; Start runs them. Resync is off: the
// read model changes only when an object does.
//
// With health set, a list or watch waits while the API server is down and
// reports connection failures to it. client-go's reflectors back off for up
// to 30 s between failed attempts; waiting instead lets them list again as
// soon as the API server is back.
func NewInformers(clients *kube.Clients, health *kube.Health) *Informers {
	namespaces := clients.Kube.CoreV1().Namespaces()
	g := gate{health}
	// The transforms run before an object enters the store: every copy the
	// BFF keeps is as small as what it serves, and Workspaces, of which
	// there are thousands, are kept packed.
	return &Informers{
		Workspaces: crdInformer(g, clients.Workspaces, &v1beta1.Workspace{},
			toolscache.Indexers{toolscache.NamespaceIndex: toolscache.MetaNamespaceIndexFunc}, packWorkspace),
		WorkspaceKinds: crdInformer(g, clients.WorkspaceKinds, &v1beta1.WorkspaceKind{}, nil, stripUnserved),
		Namespaces: gatedInformer(g, &corev1.Namespace{}, nil, stripUnserved,
			func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
				return namespaces.List(ctx, o)
			},
			namespaces.Watch),
	}
}

// listWatcher is the part of kube.Resource an informer needs.
type listWatcher[L runtime.Object] interface {
	List(ctx context.Context, namespace string, opts metav1.ListOptions) (L, error)
	Watch(ctx context.Context, namespace string, opts metav1.ListOptions) (watch.Interface, error)
}

// crdInformer is gatedInformer on a custom resource of all namespaces.
func crdInformer[L runtime.Object](g gate, r listWatcher[L], obj runtime.Object, indexers toolscache.Indexers,
	transform toolscache.TransformFunc,
) toolscache.SharedIndexInformer {
	return gatedInformer(g, obj, indexers, transform,
		func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return r.List(ctx, metav1.NamespaceAll, o)
		},
		func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return r.Watch(ctx, metav1.NamespaceAll, o)
		})
}

// gatedInformer is an informer whose lists and watches are gated (see
// gated), with the given indexes (nil for none), storing what transform
// keeps of each object. Resync is off.
func gatedInformer(g gate, obj runtime.Object, indexers toolscache.Indexers, transform toolscache.TransformFunc,
	list func(context.Context, metav1.ListOptions) (runtime.Object, error),
	watchFunc func(context.Context, metav1.ListOptions) (watch.Interface, error),
) toolscache.SharedIndexInformer {
	if indexers == nil {
		indexers = toolscache.Indexers{}
	}
	inf := toolscache.NewSharedIndexInformer(&toolscache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			return gated(ctx, g, func() (runtime.Object, error) { return list(ctx, opts) })
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			return gated(ctx, g, func() (watch.Interface, error) { return watchFunc(ctx, opts) })
		},
	}, obj, 0, indexers)
	// Only a started informer refuses a transform.
	_ = inf.SetTransform(transform)
	return inf
}

// gate holds lists and watches while the API server is down.
type gate struct{ health *kube.Health }

// gated makes a list or watch call once the API server is up. A call that
// cannot reach it marks it down and is made again once it is back, rather
// than failing: a failure would put the reflector into its backoff, which
// grows to 30 s, and the first attempt after recovery could be that late.
func gated[T any](ctx context.Context, g gate, call func() (T, error)) (T, error) {
	for {
		if g.health != nil {
			if err := g.health.WaitUp(ctx); err != nil {
				var zero T
				return zero, err
			}
		}
		out, err := call()
		if g.health == nil || !kube.IsUnreachable(err) {
			return out, err
		}
		g.health.Observe(err)
	}
}

func (i *Informers) all() []toolscache.SharedIndexInformer {
	return []toolscache.SharedIndexInformer{i.Workspaces, i.WorkspaceKinds, i.Namespaces}
}

// Start runs the informers until ctx ends.
func (i *Informers) Start(ctx context.Context) { informerSet(i.all()).start(ctx) }

// HasSynced reports whether every informer has delivered its initial list.
func (i *Informers) HasSynced() bool { return informerSet(i.all()).hasSynced() }

// WaitForSync blocks until every informer has synced or ctx ends; it reports
// whether they synced.
func (i *Informers) WaitForSync(ctx context.Context) bool {
	return toolscache.WaitForCacheSync(ctx.Done(), i.HasSynced)
}

// informerSet runs and watches a group of informers as one.
type informerSet []toolscache.SharedIndexInformer

func (s informerSet) start(ctx context.Context) {
	for _, inf := range s {
		go inf.RunWithContext(ctx)
	}
}

func (s informerSet) hasSynced() bool {
	for _, inf := range s {
		if !inf.HasSynced() {
			return false
		}
	}
	return true
}

// stripUnserved drops metadata the BFF never serves. managedFields alone is
// often larger than the rest of a Workspace.
func stripUnserved(obj any) (any, error) {
	if accessor, err := meta.Accessor(obj); err == nil {
		accessor.SetManagedFields(nil)
		if ann := accessor.GetAnnotations(); ann != nil {
			if _, ok := ann[corev1.LastAppliedConfigAnnotation]; ok {
				trimmed := make(map[string]string, len(ann)-1)
				for k, v := range ann {
					if k != corev1.LastAppliedConfigAnnotation {
						trimmed[k] = v
					}
				}
				accessor.SetAnnotations(trimmed)
			}
		}
	}
	return obj, nil
}
