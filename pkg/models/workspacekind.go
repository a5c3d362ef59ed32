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

package models

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// WorkspaceKindListItem is an item of GET /api/v1/workspacekinds
// [workspacekinds.WorkspaceKindListItem] (api.md 5.11).
type WorkspaceKindListItem struct {
	Name               string             `json:"name"`
	DisplayName        string             `json:"displayName"`
	Description        string             `json:"description"`
	Deprecated         bool               `json:"deprecated"`
	DeprecationMessage string             `json:"deprecationMessage"`
	Hidden             bool               `json:"hidden"`
	Icon               ImageRef           `json:"icon"`
	Logo               ImageRef           `json:"logo"`
	ClusterMetrics     ClusterKindMetrics `json:"clusterMetrics"`
	PodTemplate        KindPodTemplate    `json:"podTemplate"`
	ActivityRules      []ActivityRule     `json:"activityRules,omitempty"`
	// Restrictions are {"deny": false} in the list of every kind, and the
	// matching WORKSPACE_KIND rule's api.deny in a namespace's list (see
	// InNamespace).
	Restrictions Restrictions `json:"restrictions"`
}

// InNamespace is the item as the list for one namespace shows it
// (?namespaceFilter=), under the effect of the first of its kind's
// WORKSPACE_KIND filter rules that matches the namespace's labels (nil: it
// does not exist): hidden is the admin's spawner.hidden or the rule's
// ui.hide, restrictions the rule's api.deny. ok is false when the rule's
// api.hide leaves the kind out; changed is false when no rule applies, so
// the caller may serve the item's bytes as the list of every kind has them.
func (item WorkspaceKindListItem) InNamespace(rules KindRules, namespaceLabels map[string]string) (out WorkspaceKindListItem, ok, changed bool) {
	effect := rules.Effect(namespaceLabels)
	if effect == nil {
		return item, true, false
	}
	if !applyEffect(effect, &item.Hidden, &item.Restrictions) {
		return WorkspaceKindListItem{}, false, true
	}
	return item, true, true
}

// ClusterKindMetrics counts the Workspaces using a kind, cluster-wide
// [workspacekinds.ClusterKindMetrics].
type ClusterKindMetrics struct {
	WorkspacesCount int32 `json:"workspacesCount"`
}

// KindPodTemplate is the part of a kind's pod template the list shows
// [workspacekinds.PodTemplate].
type KindPodTemplate struct {
	PodMetadata   PodMetadata        `json:"podMetadata"`
	VolumeMounts  KindVolumeMounts   `json:"volumeMounts"`
	ActivityProbe *ActivityProbe     `json:"activityProbe,omitempty"`
	Options       PodTemplateOptions `json:"options"`
}

// KindVolumeMounts are the kind's mount paths [workspacekinds.PodVolumeMounts].
type KindVolumeMounts struct {
	Home string `json:"home"`
}

// ActivityProbe is how the controller probes activity
// [workspacekinds.ActivityProbe]; intervals are reported with their defaults
// when unset.
type ActivityProbe struct {
	MinProbeIntervalSeconds int32                 `json:"minProbeIntervalSeconds"`
	ProbeIntervalSeconds    int32                 `json:"probeIntervalSeconds"`
	PodExec                 *ActivityProbePodExec `json:"podExec,omitempty"`
	Jupyter                 *ActivityProbeJupyter `json:"jupyter,omitempty"`
}

// ActivityProbePodExec is a script probe [workspacekinds.ActivityProbePodExec].
// The script itself is not served.
type ActivityProbePodExec struct {
	TimeoutSeconds int32 `json:"timeoutSeconds"`
}

// ActivityProbeJupyter is a Jupyter API probe [workspacekinds.ActivityProbeJupyter].
type ActivityProbeJupyter struct {
	LastActivity bool   `json:"lastActivity"`
	PortID       string `json:"portId"`
}

// ActivityRule is an inactivity policy of the kind [workspacekinds.ActivityRule].
type ActivityRule struct {
	Config ActivityRuleConfig `json:"config"`
	Match  *ActivityRuleMatch `json:"match,omitempty"`
	Effect ActivityRuleEffect `json:"effect"`
}

// ActivityRuleConfig holds a rule's timing [workspacekinds.ActivityRuleConfig].
type ActivityRuleConfig struct {
	SecondsSinceActive int32 `json:"secondsSinceActive"`
	// MinRunningSeconds is omitted when 0, its default.
	MinRunningSeconds int32 `json:"minRunningSeconds,omitempty"`
}

// ActivityRuleMatch selects the Workspaces a rule applies to
// [workspacekinds.ActivityRuleMatch].
type ActivityRuleMatch struct {
	MatchNamespace *LabelSelectorMatch `json:"matchNamespace,omitempty"`
	MatchPodConfig *LabelSelectorMatch `json:"matchPodConfig,omitempty"`
}

// LabelSelectorMatch wraps a label selector [workspacekinds.MatchNamespace],
// [workspacekinds.MatchPodConfig].
type LabelSelectorMatch struct {
	Selector metav1.LabelSelector `json:"selector"`
}

// ActivityRuleEffect is what a matching rule does
// [workspacekinds.ActivityRuleEffect]; an absent pauseWorkspace is false.
type ActivityRuleEffect struct {
	PauseWorkspace bool `json:"pauseWorkspace"`
}

// NewWorkspaceKindListItem renders a WorkspaceKind for the list endpoint. Its
// options are NewPodTemplateOptions in the empty context.
func NewWorkspaceKindListItem(kind *v1beta1.WorkspaceKind, opts Options) WorkspaceKindListItem {
	spawner := kind.Spec.Spawner
	tmpl := kind.Spec.PodTemplate
	item := WorkspaceKindListItem{
		Name:               kind.Name,
		DisplayName:        spawner.DisplayName,
		Description:        spawner.Description,
		Deprecated:         spawner.Deprecated != nil && *spawner.Deprecated,
		DeprecationMessage: deref(spawner.DeprecationMessage),
		Hidden:             spawner.Hidden != nil && *spawner.Hidden,
		Icon:               newImageRef(spawner.Icon, kind.Status.SpawnerIcon, kind.Name, assetIcon, opts),
		Logo:               newImageRef(spawner.Logo, kind.Status.SpawnerLogo, kind.Name, assetLogo, opts),
		ClusterMetrics:     ClusterKindMetrics{WorkspacesCount: kind.Status.Workspaces},
		PodTemplate: KindPodTemplate{
			PodMetadata:   newPodMetadata((*v1beta1.WorkspacePodMetadata)(tmpl.PodMetadata)),
			VolumeMounts:  KindVolumeMounts{Home: tmpl.VolumeMounts.Home},
			ActivityProbe: newActivityProbe(tmpl.ActivityProbe),
			Options:       NewPodTemplateOptions(kind, OptionsContext{}),
		},
		ActivityRules: newActivityRules(kind.Spec.ActivityRules),
	}
	return item
}

// newActivityProbe renders the probe with defaults for what the API server
// would have defaulted; nil without a probe.
func newActivityProbe(probe *v1beta1.ActivityProbe) *ActivityProbe {
	if probe == nil {
		return nil
	}
	out := &ActivityProbe{
		MinProbeIntervalSeconds: derefInt32(probe.MinProbeIntervalSeconds, v1beta1.DefaultMinProbeIntervalSeconds),
		ProbeIntervalSeconds:    derefInt32(probe.ProbeIntervalSeconds, v1beta1.DefaultProbeIntervalSeconds),
	}
	if probe.PodExec != nil {
		out.PodExec = &ActivityProbePodExec{
			TimeoutSeconds: derefInt32(probe.PodExec.TimeoutSeconds, v1beta1.DefaultPodExecTimeoutSeconds),
		}
	}
	if probe.Jupyter != nil {
		out.Jupyter = &ActivityProbeJupyter{
			LastActivity: probe.Jupyter.LastActivity,
			PortID:       string(probe.Jupyter.PortID),
		}
	}
	return out
}

// newActivityRules copies the kind's activity rules; nil (omitted) when none.
func newActivityRules(rules []v1beta1.ActivityRule) []ActivityRule {
	if len(rules) == 0 {
		return nil
	}
	out := make([]ActivityRule, len(rules))
	for i := range rules {
		r := &rules[i]
		out[i] = ActivityRule{
			Config: ActivityRuleConfig{
				SecondsSinceActive: r.Config.SecondsSinceActive,
				MinRunningSeconds:  derefInt32(r.Config.MinRunningSeconds, 0),
			},
			Effect: ActivityRuleEffect{
				PauseWorkspace: r.Effect.PauseWorkspace != nil && *r.Effect.PauseWorkspace,
			},
		}
		if m := r.Match; m != nil {
			out[i].Match = &ActivityRuleMatch{}
			if m.MatchNamespace != nil {
				out[i].Match.MatchNamespace = &LabelSelectorMatch{Selector: *m.MatchNamespace.Selector.DeepCopy()}
			}
			if m.MatchPodConfig != nil {
				out[i].Match.MatchPodConfig = &LabelSelectorMatch{Selector: *m.MatchPodConfig.Selector.DeepCopy()}
			}
		}
	}
	return out
}

func derefInt32(p *int32, def int32) int32 {
	if p == nil {
		return def
	}
	return *p
}

// WorkspaceKindUpdate is the editable form of a WorkspaceKind: the body of
// GET /api/v1/workspacekinds/{name} and of PUT on that path
// [workspacekinds.WorkspaceKindUpdate] (api.md 5.13, 5.14). Spawner, pod
// template, activity rules and filter rules (upstream #1372, beta.2) are the
// CRD's own JSON; a PUT without activityRules or filterRules clears them.
type WorkspaceKindUpdate struct {
	// Revision is the opaque token a PUT must send back (see Revision).
	Revision      string                           `json:"revision"`
	Spawner       v1beta1.WorkspaceKindSpawner     `json:"spawner"`
	PodTemplate   v1beta1.WorkspaceKindPodTemplate `json:"podTemplate"`
	ActivityRules []v1beta1.ActivityRule           `json:"activityRules,omitempty"`
	FilterRules   []v1beta1.FilterRule             `json:"filterRules,omitempty"`
}

// NewWorkspaceKindUpdate renders the editable form of a WorkspaceKind, with
// its current Revision. The CRD fields are deep copies.
func NewWorkspaceKindUpdate(kind *v1beta1.WorkspaceKind) WorkspaceKindUpdate {
	update := WorkspaceKindUpdate{
		Revision:    Revision(kind.UID, kind.Name, kind.Generation),
		Spawner:     *kind.Spec.Spawner.DeepCopy(),
		PodTemplate: *kind.Spec.PodTemplate.DeepCopy(),
	}
	if len(kind.Spec.ActivityRules) > 0 {
		update.ActivityRules = make([]v1beta1.ActivityRule, len(kind.Spec.ActivityRules))
		for i := range kind.Spec.ActivityRules {
			kind.Spec.ActivityRules[i].DeepCopyInto(&update.ActivityRules[i])
		}
	}
	if len(kind.Spec.FilterRules) > 0 {
		update.FilterRules = make([]v1beta1.FilterRule, len(kind.Spec.FilterRules))
		for i := range kind.Spec.FilterRules {
			kind.Spec.FilterRules[i].DeepCopyInto(&update.FilterRules[i])
		}
	}
	return update
}
