package cache

import corev1 "k8s.io/api/core/v1"

// NamespaceLabels returns the labels of a namespace as the informer holds
// them, and whether it exists. The map is shared with the informer's store:
// callers must not modify it.
func (i *Informers) NamespaceLabels(name string) (map[string]string, bool) {
	obj, ok, err := i.Namespaces.GetStore().GetByKey(name)
	if err != nil || !ok {
		return nil, false
	}
	ns, ok := obj.(*corev1.Namespace)
	if !ok {
		return nil, false
	}
	return ns.Labels, true
}
