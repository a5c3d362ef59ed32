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
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// Placeholders upstream serves for what a Workspace references but its
// WorkspaceKind does not (or no longer) define (crds.md §5.1).
const (
	UnknownIconURL     = "__UNKNOWN_ICON_URL__"
	UnknownLogoURL     = "__UNKNOWN_LOGO_URL__"
	UnknownImageConfig = "__UNKNOWN_IMAGE_CONFIG__"
	UnknownPodConfig   = "__UNKNOWN_POD_CONFIG__"
)

// WorkspaceListItem is an item of GET /api/v1/workspaces[/{namespace}]
// [workspaces.WorkspaceListItem] (api.md 5.3).
type WorkspaceListItem struct {
	Name            string            `json:"name"`
	DisplayName     string            `json:"displayName,omitempty"`
	Namespace       string            `json:"namespace"`
	WorkspaceKind   WorkspaceKindInfo `json:"workspaceKind"`
	Paused          bool              `json:"paused"`
	PausedTime      int64             `json:"pausedTime"`
	LastRunningTime int64             `json:"lastRunningTime"`
	// State is status.state, or Unknown (the CRD's default) until the
	// controller writes status: "" is outside upstream's enum.
	State        string               `json:"state"`
	StateMessage string               `json:"stateMessage"`
	PodTemplate  WorkspacePodTemplate `json:"podTemplate"`
	Activity     Activity             `json:"activity"`
	// Services is [] when the kind or the current image value is unknown
	// (upstream: null, which the frontend's types do not allow).
	Services []Service `json:"services"`
	Audit    Audit     `json:"audit"`
}

// WorkspaceKindInfo is the WorkspaceKind a Workspace references
// [workspaces.WorkspaceKindInfo].
type WorkspaceKindInfo struct {
	Name string `json:"name"`
	// Missing is true when no WorkspaceKind of that name exists.
	Missing bool     `json:"missing"`
	Icon    ImageRef `json:"icon"`
	Logo    ImageRef `json:"logo"`
}

// WorkspacePodTemplate holds the options a Workspace selected
// [workspaces.PodTemplate].
type WorkspacePodTemplate struct {
	Options WorkspaceOptions `json:"options"`
}

// WorkspaceOptions are a Workspace's image and pod config
// [workspaces.PodTemplateOptions].
type WorkspaceOptions struct {
	ImageConfig WorkspaceOption `json:"imageConfig"`
	PodConfig   WorkspaceOption `json:"podConfig"`
}

// WorkspaceOption is the value a Workspace selected for one option type and
// the redirects the controller will follow at its next restart
// [workspaces.ImageConfig], [workspaces.PodConfig].
type WorkspaceOption struct {
	Current       OptionInfo     `json:"current"`
	RedirectChain []RedirectStep `json:"redirectChain,omitempty"`
}

// OptionInfo is an option value as the kind presents it [workspaces.OptionInfo].
type OptionInfo struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	// Labels is [] for a value without labels, and for a value the kind
	// does not define (upstream: null, on which the frontend's Workspaces
	// page crashes).
	Labels []OptionLabel `json:"labels"`
}

// OptionLabel is a spawner label of an option value [workspaces.OptionLabel],
// [options.OptionLabel].
type OptionLabel struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// RedirectStep is one step of a redirect chain [workspaces.RedirectStep].
type RedirectStep struct {
	Source  OptionInfo       `json:"source"`
	Target  OptionInfo       `json:"target"`
	Message *RedirectMessage `json:"message,omitempty"`
}

// RedirectMessage tells users about a redirect [workspaces.RedirectMessage],
// [options.RedirectMessage].
type RedirectMessage struct {
	Text  string `json:"text"`
	Level string `json:"level"`
}

// Activity is what the controller's activity probe observed
// [workspaces.Activity]. Times are UNIX epoch milliseconds.
type Activity struct {
	LastActivity int64          `json:"lastActivity"`
	LastUpdate   int64          `json:"lastUpdate"`
	LastProbe    *LastProbeInfo `json:"lastProbe,omitempty"`
	Rules        *ActivityRules `json:"rules,omitempty"`
}

// LastProbeInfo is the outcome of the last activity probe
// [workspaces.LastProbeInfo].
type LastProbeInfo struct {
	StartTime int64  `json:"startTime"`
	EndTime   int64  `json:"endTime"`
	Result    string `json:"result"`
	Message   string `json:"message"`
}

// ActivityRules is the evaluation state of the kind's activity rules
// [workspaces.ActivityRules].
type ActivityRules struct {
	PauseWorkspace *ActivityPauseRule `json:"pauseWorkspace,omitempty"`
}

// ActivityPauseRule says when an inactive Workspace becomes eligible for
// pausing [workspaces.ActivityPauseRule].
type ActivityPauseRule struct {
	EligibleAfter int64 `json:"eligibleAfter"`
}

// Service is a way to connect to a Workspace [workspaces.Service]. Only HTTP
// exists; a port of another protocol is an empty object, as upstream renders it.
type Service struct {
	HTTPService *HTTPService `json:"httpService,omitempty"`
}

// HTTPService is a port served through the HTTP proxy [workspaces.HttpService].
type HTTPService struct {
	DisplayName string `json:"displayName"`
	HTTPPath    string `json:"httpPath"`
}

// NewWorkspaceListItem renders a Workspace for the list endpoints. kind is the
// WorkspaceKind named by ws.Spec.Kind, or nil when it does not exist; a kind
// of another name is treated as missing rather than rendered into the wrong
// Workspace.
func NewWorkspaceListItem(ws *v1beta1.Workspace, kind *v1beta1.WorkspaceKind, opts Options) WorkspaceListItem {
	if kind != nil && kind.Name != ws.Spec.Kind {
		kind = nil
	}
	item := WorkspaceListItem{
		Name:            ws.Name,
		Namespace:       ws.Namespace,
		WorkspaceKind:   newWorkspaceKindInfo(ws.Spec.Kind, kind, opts),
		Paused:          ws.Spec.Paused,
		PausedTime:      ws.Status.PauseTime,
		LastRunningTime: ws.Status.LastRunningTime,
		State:           workspaceState(ws.Status.State),
		StateMessage:    ws.Status.StateMessage,
		PodTemplate: WorkspacePodTemplate{Options: WorkspaceOptions{
			ImageConfig: newWorkspaceOption(ws.Spec.PodTemplate.Options.ImageConfig,
				ws.Status.PodTemplateOptions.ImageConfig, imageOptions(kind), UnknownImageConfig),
			PodConfig: newWorkspaceOption(ws.Spec.PodTemplate.Options.PodConfig,
				ws.Status.PodTemplateOptions.PodConfig, podOptions(kind), UnknownPodConfig),
		}},
		Activity: newActivity(ws.Status.Activity),
		Services: newServices(ws, kind),
		Audit:    NewAudit(ws),
	}
	if ws.Spec.DisplayName != nil {
		item.DisplayName = *ws.Spec.DisplayName
	}
	return item
}

func newWorkspaceKindInfo(name string, kind *v1beta1.WorkspaceKind, opts Options) WorkspaceKindInfo {
	if kind == nil {
		return WorkspaceKindInfo{
			Name:    name,
			Missing: true,
			Icon:    ImageRef{URL: UnknownIconURL},
			Logo:    ImageRef{URL: UnknownLogoURL},
		}
	}
	return WorkspaceKindInfo{
		Name: name,
		Icon: newImageRef(kind.Spec.Spawner.Icon, kind.Status.SpawnerIcon, kind.Name, assetIcon, opts),
		Logo: newImageRef(kind.Spec.Spawner.Logo, kind.Status.SpawnerLogo, kind.Name, assetLogo, opts),
	}
}

// optionLookup finds an option value of one type (image or pod config) of a
// kind by id; ok is false when the kind is missing or has no such value. It
// returns pointers into the kind, which must not be modified.
type optionLookup func(id string) (spawner *v1beta1.OptionSpawnerInfo, redirect *v1beta1.OptionRedirect, ok bool)

func imageOptions(kind *v1beta1.WorkspaceKind) optionLookup {
	return func(id string) (*v1beta1.OptionSpawnerInfo, *v1beta1.OptionRedirect, bool) {
		if v := findImageValue(kind, id); v != nil {
			return &v.Spawner, v.Redirect, true
		}
		return nil, nil, false
	}
}

func podOptions(kind *v1beta1.WorkspaceKind) optionLookup {
	return func(id string) (*v1beta1.OptionSpawnerInfo, *v1beta1.OptionRedirect, bool) {
		if v := findPodValue(kind, id); v != nil {
			return &v.Spawner, v.Redirect, true
		}
		return nil, nil, false
	}
}

// findImageValue returns the kind's imageConfig value of that id, or nil. A
// linear scan: kinds define a handful of values, and a map would cost an
// allocation per call.
func findImageValue(kind *v1beta1.WorkspaceKind, id string) *v1beta1.ImageConfigValue {
	if kind == nil {
		return nil
	}
	values := kind.Spec.PodTemplate.Options.ImageConfig.Values
	for i := range values {
		if values[i].ID == id {
			return &values[i]
		}
	}
	return nil
}

// findPodValue returns the kind's podConfig value of that id, or nil.
func findPodValue(kind *v1beta1.WorkspaceKind, id string) *v1beta1.PodConfigValue {
	if kind == nil {
		return nil
	}
	values := kind.Spec.PodTemplate.Options.PodConfig.Values
	for i := range values {
		if values[i].ID == id {
			return &values[i]
		}
	}
	return nil
}

// newWorkspaceOption renders the current value of one option type and the
// redirect chain the controller computed for it (crds.md §5.2).
func newWorkspaceOption(current string, status v1beta1.WorkspacePodOptionInfo, lookup optionLookup, unknown string) WorkspaceOption {
	option := WorkspaceOption{Current: newOptionInfo(current, lookup, unknown)}
	if len(status.RedirectChain) == 0 {
		return option
	}
	option.RedirectChain = make([]RedirectStep, len(status.RedirectChain))
	for i, step := range status.RedirectChain {
		option.RedirectChain[i] = RedirectStep{
			Source: newOptionInfo(step.Source, lookup, unknown),
			Target: newOptionInfo(step.Target, lookup, unknown),
		}
		// The chain is the controller's view; the kind may have changed
		// since. Its message describes the source's redirect, so it is only
		// shown while that redirect still leads to this step's target.
		if _, redirect, ok := lookup(step.Source); ok && redirect != nil && redirect.To == step.Target {
			option.RedirectChain[i].Message = newRedirectMessage(redirect.Message)
		}
	}
	return option
}

// newOptionInfo renders an option value, or the unknown placeholder (no
// labels) when the kind does not define it.
func newOptionInfo(id string, lookup optionLookup, unknown string) OptionInfo {
	spawner, _, ok := lookup(id)
	if !ok {
		return OptionInfo{ID: id, DisplayName: unknown, Description: unknown, Labels: []OptionLabel{}}
	}
	return OptionInfo{
		ID:          id,
		DisplayName: spawner.DisplayName,
		Description: deref(spawner.Description),
		Labels:      newOptionLabels(spawner.Labels),
	}
}

// newOptionLabels copies spawner labels; never nil, so none renders as [].
func newOptionLabels(labels []v1beta1.OptionSpawnerLabel) []OptionLabel {
	out := make([]OptionLabel, len(labels))
	for i, l := range labels {
		out[i] = OptionLabel{Key: l.Key, Value: l.Value}
	}
	return out
}

// newRedirectMessage copies a redirect message. Like upstream, a level
// outside the CRD's enum is reported as Info.
func newRedirectMessage(msg *v1beta1.RedirectMessage) *RedirectMessage {
	if msg == nil {
		return nil
	}
	level := msg.Level
	switch level {
	case v1beta1.RedirectMessageLevelInfo, v1beta1.RedirectMessageLevelWarning, v1beta1.RedirectMessageLevelDanger:
	default:
		level = v1beta1.RedirectMessageLevelInfo
	}
	return &RedirectMessage{Text: msg.Text, Level: string(level)}
}

// newActivity copies status.activity; lastProbe and rules only when the
// controller wrote them.
func newActivity(status v1beta1.WorkspaceActivity) Activity {
	activity := Activity{LastActivity: status.LastActivity, LastUpdate: status.LastUpdate}
	if p := status.LastProbe; p != nil {
		activity.LastProbe = &LastProbeInfo{
			StartTime: p.StartTime,
			EndTime:   p.EndTime,
			Result:    string(p.Result),
			Message:   p.Message,
		}
	}
	if status.Rules != nil && status.Rules.PauseWorkspace != nil {
		activity.Rules = &ActivityRules{PauseWorkspace: &ActivityPauseRule{
			EligibleAfter: status.Rules.PauseWorkspace.EligibleAfter,
		}}
	}
	return activity
}

// newServices renders the connect URLs of a Workspace (crds.md §5.4): one per
// port of its current image value, in order, [] when the kind or the value
// is unknown.
//
// Upstream panics (HTTP 500 for the whole list) when an image port id is not
// among the kind's ports. The kind's webhook rejects such kinds, so this only
// happens to kinds stored without the webhook; here that port is skipped
// instead, so one bad kind cannot break every list that includes its
// Workspaces.
func newServices(ws *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) []Service {
	image := findImageValue(kind, ws.Spec.PodTemplate.Options.ImageConfig)
	if image == nil {
		return []Service{}
	}
	services := make([]Service, 0, len(image.Spec.Ports))
	for _, port := range image.Spec.Ports {
		kindPort := findKindPort(kind, port.ID)
		if kindPort == nil {
			continue
		}
		var service Service
		if kindPort.Protocol == v1beta1.PortProtocolHTTP {
			displayName := kindPort.DefaultDisplayName
			if port.DisplayName != nil {
				displayName = *port.DisplayName
			}
			service.HTTPService = &HTTPService{
				DisplayName: displayName,
				HTTPPath:    "/workspace/connect/" + ws.Namespace + "/" + ws.Name + "/" + string(port.ID) + "/",
			}
		}
		services = append(services, service)
	}
	return services
}

// findKindPort returns the kind's port definition of that id, or nil.
func findKindPort(kind *v1beta1.WorkspaceKind, id v1beta1.PortID) *v1beta1.WorkspaceKindPort {
	ports := kind.Spec.PodTemplate.Ports
	for i := range ports {
		if ports[i].ID == id {
			return &ports[i]
		}
	}
	return nil
}

// deref returns the string a pointer holds, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// workspaceState is the state the list shows: Unknown, the CRD's default,
// while the controller has not written status yet.
func workspaceState(state v1beta1.WorkspaceState) string {
	if state == "" {
		return string(v1beta1.WorkspaceStateUnknown)
	}
	return string(state)
}
