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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// CountKindUsage sets the status the workspace controller keeps on kinds:
// how many Workspaces use the kind, and each of its option values. The
// frontend's kinds page shows these counts; dev mode runs no controller, so
// it writes them once, after seeding, through the status subresource as the
// controller would.
func CountKindUsage(ctx context.Context, clients *kube.Clients) error {
	workspaces, err := clients.Workspaces(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing Workspaces: %w", err)
	}
	kinds, err := clients.WorkspaceKinds().List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing WorkspaceKinds: %w", err)
	}
	for i := range kinds.Items {
		name := kinds.Items[i].Name
		err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
			kind, err := clients.WorkspaceKinds().Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return err
			}
			kind.Status.Workspaces, kind.Status.PodTemplateOptions = KindUsage(kind, workspaces.Items)
			_, err = clients.WorkspaceKinds().UpdateStatus(ctx, kind, metav1.UpdateOptions{})
			return err
		})
		if err != nil {
			return fmt.Errorf("writing the status of WorkspaceKind %s: %w", name, err)
		}
	}
	return nil
}

// KindUsage counts the Workspaces of kind, and those using each of its
// option values, in the kind's order; a value no Workspace uses counts 0.
func KindUsage(kind *v1beta1.WorkspaceKind, workspaces []v1beta1.Workspace) (int32, v1beta1.PodTemplateOptionsMetrics) {
	var total int32
	images, pods := map[string]int32{}, map[string]int32{}
	for i := range workspaces {
		ws := &workspaces[i]
		if ws.Spec.Kind != kind.Name {
			continue
		}
		total++
		images[ws.Spec.PodTemplate.Options.ImageConfig]++
		pods[ws.Spec.PodTemplate.Options.PodConfig]++
	}
	opts := kind.Spec.PodTemplate.Options
	metrics := v1beta1.PodTemplateOptionsMetrics{
		ImageConfig: make([]v1beta1.OptionMetric, len(opts.ImageConfig.Values)),
		PodConfig:   make([]v1beta1.OptionMetric, len(opts.PodConfig.Values)),
	}
	for i, v := range opts.ImageConfig.Values {
		metrics.ImageConfig[i] = v1beta1.OptionMetric{ID: v.ID, Workspaces: images[v.ID]}
	}
	for i, v := range opts.PodConfig.Values {
		metrics.PodConfig[i] = v1beta1.OptionMetric{ID: v.ID, Workspaces: pods[v.ID]}
	}
	return total, metrics
}
