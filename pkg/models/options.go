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
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// PodTemplateOptions are the option values of a WorkspaceKind, with the
// effects of its filter rules in a context: the body of
// POST /api/v1/workspacekinds/{name}/podtemplate/options/listvalues and the
// podTemplate.options of a WorkspaceKindListItem [options.PodTemplateOptions]
// (api.md 5.17).
type PodTemplateOptions struct {
	ImageConfig OptionValues `json:"imageConfig"`
	PodConfig   OptionValues `json:"podConfig"`
}

// OptionValues are the values of one option type [options.ImageConfig],
// [options.PodConfig].
type OptionValues struct {
	Default string `json:"default"`
	// Values is omitted when empty (all hidden by filter rules, or the
	// context id does not exist).
	Values []OptionValue `json:"values,omitempty"`
}

// OptionValue is one selectable value [options.ImageConfigValue],
// [options.PodConfigValue].
type OptionValue struct {
	ID          string        `json:"id"`
	DisplayName string        `json:"displayName"`
	Description string        `json:"description"`
	Labels      []OptionLabel `json:"labels,omitempty"`
	// Hidden is the admin's spawner.hidden, or a filter rule's ui.hide.
	Hidden         bool                 `json:"hidden"`
	Redirect       *OptionRedirect      `json:"redirect,omitempty"`
	ClusterMetrics ClusterOptionMetrics `json:"clusterMetrics"`
	Restrictions   Restrictions         `json:"restrictions"`
}

// OptionRedirect is the value a value redirects to [options.OptionRedirect].
type OptionRedirect struct {
	To      string           `json:"to"`
	Message *RedirectMessage `json:"message,omitempty"`
}

// ClusterOptionMetrics counts the Workspaces using a value, cluster-wide
// [options.ClusterOptionMetrics].
type ClusterOptionMetrics struct {
	WorkspacesCount int32 `json:"workspacesCount"`
}

// Restrictions say whether an item may be selected [common.Restrictions].
type Restrictions struct {
	Deny        bool         `json:"deny"`
	DenyMessage *DenyMessage `json:"denyMessage,omitempty"`
}

// DenyMessage explains a denial [common.DenyMessage].
type DenyMessage struct {
	Text string `json:"text"`
}

// OptionsContext is listvalues' context (api.md 5.17); the zero value is the
// empty context that WorkspaceKindListItem uses.
type OptionsContext struct {
	// Namespace is the context namespace's name, for reference only: filter
	// rules read NamespaceLabels.
	Namespace string
	// NamespaceLabels are the labels of the context namespace. nil means "no
	// namespace in context / not found": every matchNamespace condition is
	// then false. A namespace without labels must be passed as an empty,
	// non-nil map.
	NamespaceLabels map[string]string
	// ImageConfigID and PodConfigID, when set, restrict the values of their
	// type to that id, and provide the labels that matchImageConfig
	// (matchPodConfig) conditions of POD_CONFIG (IMAGE_CONFIG) rules test.
	// The caller checks that they exist: an unknown id yields no values and
	// makes such conditions false.
	ImageConfigID, PodConfigID string
}

// NewPodTemplateOptions renders the option values of a kind in a context,
// evaluating the kind's filter rules for each value (api.md 5.17).
func NewPodTemplateOptions(kind *v1beta1.WorkspaceKind, ctx OptionsContext) PodTemplateOptions {
	opts := kind.Spec.PodTemplate.Options
	rules := compileFilterRules(kind.Spec.FilterRules)
	env := ruleEnv{namespace: ctx.NamespaceLabels}
	if ctx.ImageConfigID != "" {
		if v := findImageValue(kind, ctx.ImageConfigID); v != nil {
			env.image = optionLabels(v.Spawner.Labels)
			env.hasImage = true
		}
	}
	if ctx.PodConfigID != "" {
		if v := findPodValue(kind, ctx.PodConfigID); v != nil {
			env.pod = optionLabels(v.Spawner.Labels)
			env.hasPod = true
		}
	}

	result := PodTemplateOptions{
		ImageConfig: OptionValues{Default: opts.ImageConfig.Spawner.Default},
		PodConfig:   OptionValues{Default: opts.PodConfig.Spawner.Default},
	}
	for i := range opts.ImageConfig.Values {
		v := &opts.ImageConfig.Values[i]
		if ctx.ImageConfigID != "" && v.ID != ctx.ImageConfigID {
			continue
		}
		metrics := optionWorkspaces(kind.Status.PodTemplateOptions.ImageConfig, v.ID)
		if value, ok := newOptionValue(v.ID, &v.Spawner, v.Redirect, metrics, rules.match(v1beta1.FilterRuleScopeImageConfig, v.Spawner.Labels, env)); ok {
			result.ImageConfig.Values = append(result.ImageConfig.Values, value)
		}
	}
	for i := range opts.PodConfig.Values {
		v := &opts.PodConfig.Values[i]
		if ctx.PodConfigID != "" && v.ID != ctx.PodConfigID {
			continue
		}
		metrics := optionWorkspaces(kind.Status.PodTemplateOptions.PodConfig, v.ID)
		if value, ok := newOptionValue(v.ID, &v.Spawner, v.Redirect, metrics, rules.match(v1beta1.FilterRuleScopePodConfig, v.Spawner.Labels, env)); ok {
			result.PodConfig.Values = append(result.PodConfig.Values, value)
		}
	}
	return result
}

// newOptionValue renders a value under the effect of the first filter rule
// that matched it (nil: none); ok is false when that rule hides it from the
// API.
func newOptionValue(id string, spawner *v1beta1.OptionSpawnerInfo, redirect *v1beta1.OptionRedirect, workspaces int32, effect *v1beta1.FilterRuleEffect) (OptionValue, bool) {
	value := OptionValue{
		ID:             id,
		DisplayName:    spawner.DisplayName,
		Description:    deref(spawner.Description),
		Hidden:         spawner.Hidden != nil && *spawner.Hidden,
		ClusterMetrics: ClusterOptionMetrics{WorkspacesCount: workspaces},
	}
	if len(spawner.Labels) > 0 {
		value.Labels = newOptionLabels(spawner.Labels)
	}
	if redirect != nil {
		value.Redirect = &OptionRedirect{To: redirect.To, Message: newRedirectMessage(redirect.Message)}
	}
	if !applyEffect(effect, &value.Hidden, &value.Restrictions) {
		return OptionValue{}, false
	}
	return value, true
}

// applyEffect applies the effect of the first filter rule that matched an
// item (nil: none) to its hidden flag and restrictions: ui.hide hides it,
// api.deny denies it with the rule's message. It reports false when
// api.hide leaves the item out of the answer. One function serves kinds
// and option values alike, as upstream's one engine does.
func applyEffect(effect *v1beta1.FilterRuleEffect, hidden *bool, restrictions *Restrictions) bool {
	if effect == nil {
		return true
	}
	if api := effect.API; api != nil {
		if api.Hide != nil && *api.Hide {
			return false
		}
		if api.Deny != nil && *api.Deny {
			restrictions.Deny = true
			if api.DenyMessage != nil {
				restrictions.DenyMessage = &DenyMessage{Text: api.DenyMessage.Text}
			}
		}
	}
	if effect.UI != nil && effect.UI.Hide {
		*hidden = true
	}
	return true
}

// KindRules are a kind's WORKSPACE_KIND filter rules with their selectors
// parsed: the read model parses them once per version of the kind, not once
// per namespace whose kind list it builds.
type KindRules struct{ rules filterRules }

// NewKindRules parses the kind's WORKSPACE_KIND filter rules.
func NewKindRules(kind *v1beta1.WorkspaceKind) KindRules {
	return KindRules{compileFilterRules(kind.Spec.FilterRules, v1beta1.FilterRuleScopeWorkspaceKind)}
}

// Empty reports whether there are no rules: the kind shows alike in every
// namespace.
func (r KindRules) Empty() bool { return len(r.rules) == 0 }

// Effect is the effect of the first rule that matches a namespace with
// those labels, or nil when none does. nil labels stand for no namespace
// (or one that does not exist): every matchNamespace condition is then
// false.
func (r KindRules) Effect(namespaceLabels map[string]string) *v1beta1.FilterRuleEffect {
	return r.rules.match(v1beta1.FilterRuleScopeWorkspaceKind, nil, ruleEnv{namespace: namespaceLabels})
}

// WorkspaceRestrictions are the restrictions the filter rules put on a
// Workspace of a kind in a namespace with those labels (nil: it does not
// exist) that selects the image and pod config values imageID and podID:
// the kind's WORKSPACE_KIND rules, and each value's rules with the other
// value as context, exactly as the kind list and listvalues show them. A
// value that an api.hide rule leaves out, or that the kind lacks, is not
// restricted here.
func WorkspaceRestrictions(kind *v1beta1.WorkspaceKind, namespaceLabels map[string]string, imageID, podID string) (kindR, imageR, podR Restrictions) {
	var hidden bool
	applyEffect(NewKindRules(kind).Effect(namespaceLabels), &hidden, &kindR)
	opts := NewPodTemplateOptions(kind, OptionsContext{NamespaceLabels: namespaceLabels, ImageConfigID: imageID, PodConfigID: podID})
	if len(opts.ImageConfig.Values) == 1 {
		imageR = opts.ImageConfig.Values[0].Restrictions
	}
	if len(opts.PodConfig.Values) == 1 {
		podR = opts.PodConfig.Values[0].Restrictions
	}
	return kindR, imageR, podR
}

// optionWorkspaces is the number of Workspaces using a value, from the kind's
// status; 0 when the controller has not counted it.
func optionWorkspaces(metrics []v1beta1.OptionMetric, id string) int32 {
	for _, m := range metrics {
		if m.ID == id {
			return m.Workspaces
		}
	}
	return 0
}

// What a filter rule condition tests the labels of.
type labelSource int

const (
	namespaceLabels labelSource = iota
	imageConfigLabels
	podConfigLabels
)

// filterCondition is one match item of a filter rule with its selector
// parsed.
type filterCondition struct {
	source   labelSource
	selector labels.Selector
}

// filterRule is a filter rule ready for evaluation: its selectors are parsed
// once per rendering, not once per value.
type filterRule struct {
	scope      v1beta1.FilterRuleScope
	conditions []filterCondition
	effect     *v1beta1.FilterRuleEffect
}

type filterRules []filterRule

// compileFilterRules parses the selectors of the rules of the given scopes
// (the option values' scopes when none is given). A condition whose
// selector does not parse is dropped; a rule left without conditions is
// dropped too, since it would otherwise match everything. WORKSPACE_KIND
// rules never apply to option values.
func compileFilterRules(rules []v1beta1.FilterRule, scopes ...v1beta1.FilterRuleScope) filterRules {
	if len(scopes) == 0 {
		scopes = []v1beta1.FilterRuleScope{v1beta1.FilterRuleScopeImageConfig, v1beta1.FilterRuleScopePodConfig}
	}
	var out filterRules
	for i := range rules {
		r := &rules[i]
		if !slices.Contains(scopes, r.Scope) {
			continue
		}
		var conditions []filterCondition
		for _, m := range r.Match {
			conditions = appendCondition(conditions, namespaceLabels, m.MatchNamespace)
			conditions = appendCondition(conditions, imageConfigLabels, m.MatchImageConfig)
			conditions = appendCondition(conditions, podConfigLabels, m.MatchPodConfig)
		}
		if len(conditions) == 0 {
			continue
		}
		out = append(out, filterRule{scope: r.Scope, conditions: conditions, effect: &r.Effect})
	}
	return out
}

func appendCondition(conditions []filterCondition, source labelSource, sel *v1beta1.FilterRuleSelector) []filterCondition {
	if sel == nil {
		return conditions
	}
	selector, err := metav1.LabelSelectorAsSelector(&sel.Selector)
	if err != nil {
		return conditions
	}
	return append(conditions, filterCondition{source: source, selector: selector})
}

// ruleEnv is the context the conditions are evaluated in.
type ruleEnv struct {
	// namespace is nil without a (found) context namespace.
	namespace map[string]string
	// image and pod are the labels of the context's values, if found.
	image, pod       optionLabels
	hasImage, hasPod bool
}

// match returns the effect of the first rule of that scope whose conditions
// all hold for a value with those labels, or nil.
func (rules filterRules) match(scope v1beta1.FilterRuleScope, own []v1beta1.OptionSpawnerLabel, env ruleEnv) *v1beta1.FilterRuleEffect {
	for i := range rules {
		if rules[i].scope == scope && rules[i].holds(own, env) {
			return rules[i].effect
		}
	}
	return nil
}

// holds ANDs the rule's conditions. matchImageConfig and matchPodConfig test
// the value's own labels when they name its type, otherwise the labels of the
// value the context selected for the other type; matchNamespace tests the
// context namespace. A condition without labels to test is false (so a
// WORKSPACE_KIND rule's matchImageConfig, which the webhook forbids, never
// holds).
func (r *filterRule) holds(own []v1beta1.OptionSpawnerLabel, env ruleEnv) bool {
	for _, c := range r.conditions {
		var set labels.Labels
		switch {
		case c.source == namespaceLabels:
			if env.namespace == nil {
				return false
			}
			set = labels.Set(env.namespace)
		case c.source == imageConfigLabels && r.scope == v1beta1.FilterRuleScopeImageConfig,
			c.source == podConfigLabels && r.scope == v1beta1.FilterRuleScopePodConfig:
			set = optionLabels(own)
		case c.source == imageConfigLabels:
			if !env.hasImage {
				return false
			}
			set = env.image
		default: // podConfigLabels of an IMAGE_CONFIG rule
			if !env.hasPod {
				return false
			}
			set = env.pod
		}
		if !c.selector.Matches(set) {
			return false
		}
	}
	return true
}

// optionLabels lets a selector test spawner labels in place, without copying
// them into a map for every value.
type optionLabels []v1beta1.OptionSpawnerLabel

var _ labels.Labels = optionLabels(nil)

// Has reports whether the label exists.
func (l optionLabels) Has(key string) bool {
	_, ok := l.Lookup(key)
	return ok
}

// Get returns the label's value, "" when absent.
func (l optionLabels) Get(key string) string {
	v, _ := l.Lookup(key)
	return v
}

// Lookup returns the label's value and whether it exists.
func (l optionLabels) Lookup(key string) (string, bool) {
	for _, label := range l {
		if label.Key == key {
			return label.Value, true
		}
	}
	return "", false
}
