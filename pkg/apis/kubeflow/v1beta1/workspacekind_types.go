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

package v1beta1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Defaults of the ActivityProbe fields. They MUST match the
// +kubebuilder:default markers below: the API server applies those to stored
// objects, readers of objects that skipped defaulting (for example fakes in
// tests) fall back to these.
const (
	// DefaultMinProbeIntervalSeconds is the default of ActivityProbe.MinProbeIntervalSeconds.
	DefaultMinProbeIntervalSeconds int32 = 300
	// DefaultProbeIntervalSeconds is the default of ActivityProbe.ProbeIntervalSeconds.
	DefaultProbeIntervalSeconds int32 = 3600
	// DefaultPodExecTimeoutSeconds is the default of ActivityProbePodExec.TimeoutSeconds.
	DefaultPodExecTimeoutSeconds int32 = 60
)

/*
===============================================================================
                             WorkspaceKind - Spec
===============================================================================
*/

// PortID is the id of a port of a WorkspaceKind. It is part of the HTTP path
// under which the port is served, not a Kubernetes port name.
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:MaxLength=32
// +kubebuilder:validation:Pattern=`^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$`
type PortID string

// WorkspaceKindSpec defines the desired state of WorkspaceKind
type WorkspaceKindSpec struct {
	// spawner config determines how the WorkspaceKind is displayed in the Workspace Spawner UI
	Spawner WorkspaceKindSpawner `json:"spawner"`

	// podTemplate is the PodTemplate used to spawn Pods to run Workspaces of this WorkspaceKind
	PodTemplate WorkspaceKindPodTemplate `json:"podTemplate"`

	// activityRules defines the policies for handling inactivity in Workspaces of this WorkspaceKind (MUTABLE).
	// Rules are evaluated sequentially from top to bottom (first-match-wins semantics) independently for each
	// configured effect type (e.g., pauseWorkspace). A rule with a nil or empty 'match' is treated as a catch-all
	// rule; at most one catch-all rule is allowed per effect type, and it must be the last rule in the list.
	// +listType=atomic
	// +optional
	ActivityRules []ActivityRule `json:"activityRules,omitempty"`

	// filterRules are admin-defined rules used by downstream consumers (the backend API server)
	// to dynamically filter which WorkspaceKinds, imageConfig values, and podConfig values are
	// visible or allowed in a given context. (MUTABLE)
	// The controller does NOT evaluate or act on these rules, it only persists and validates them.
	// +listType=atomic
	// +optional
	FilterRules []FilterRule `json:"filterRules,omitempty"`
}

// WorkspaceKindSpawner determines how a WorkspaceKind is displayed in the
// Workspace Spawner UI.
type WorkspaceKindSpawner struct {
	// the display name of the WorkspaceKind
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:example="JupyterLab Notebook"
	DisplayName string `json:"displayName"`

	// the description of the WorkspaceKind
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:example="A Workspace which runs JupyterLab in a Pod"
	Description string `json:"description"`

	// if this WorkspaceKind should be hidden from the Workspace Spawner UI
	// +kubebuilder:default=false
	// +optional
	Hidden *bool `json:"hidden,omitempty"`

	// if this WorkspaceKind is deprecated
	// +kubebuilder:default=false
	// +optional
	Deprecated *bool `json:"deprecated,omitempty"`

	// a message to show in Workspace Spawner UI when the WorkspaceKind is deprecated
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="This WorkspaceKind will be removed on 20XX-XX-XX, please use another WorkspaceKind."
	// +optional
	DeprecationMessage *string `json:"deprecationMessage,omitempty"`

	// the icon of the WorkspaceKind
	//  - a small (favicon-sized) icon used in the Workspace Spawner UI
	Icon WorkspaceKindAsset `json:"icon"`

	// the logo of the WorkspaceKind
	//  - a 1:1 (card size) logo used in the Workspace Spawner UI
	Logo WorkspaceKindAsset `json:"logo"`
}

// WorkspaceKindAsset is an image (icon or logo) of a WorkspaceKind, either a
// remote URL or a key of a ConfigMap.
// +kubebuilder:validation:XValidation:rule="!(has(self.url) && has(self.configMap)) && (has(self.url) || has(self.configMap))",message="must specify exactly one of 'url' or 'configMap'"
type WorkspaceKindAsset struct {
	// the URL of the asset
	// +kubebuilder:example="https://jupyter.org/assets/favicons/apple-touch-icon-152x152.png"
	// +optional
	URL *string `json:"url,omitempty"`

	// the ConfigMap reference for the asset
	// +optional
	ConfigMap *WorkspaceKindAssetConfigMap `json:"configMap,omitempty"`
}

// WorkspaceKindAssetConfigMap references the ConfigMap key which holds the
// data of an asset.
type WorkspaceKindAssetConfigMap struct {
	// the name of the ConfigMap
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:example="my-logos"
	Name string `json:"name"`

	// the namespace of the ConfigMap
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:example="kubeflow"
	Namespace string `json:"namespace"`

	// the key in the ConfigMap which contains the data
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[-._a-zA-Z0-9]+$`
	// +kubebuilder:example="jupyterlab-logo.svg"
	Key string `json:"key"`

	// the media type of the asset data in the ConfigMap
	// +kubebuilder:example="image/svg+xml"
	MediaType WorkspaceKindAssetMediaType `json:"mediaType"`
}

// WorkspaceKindAssetMediaType is the media type of asset data held in a
// ConfigMap.
// +kubebuilder:validation:Enum="image/svg+xml"
type WorkspaceKindAssetMediaType string

const (
	// WorkspaceKindAssetMediaTypeSVG is an SVG image, the only supported type.
	WorkspaceKindAssetMediaTypeSVG WorkspaceKindAssetMediaType = "image/svg+xml"
)

// WorkspaceKindPodTemplate is the template of the Pods which run the
// Workspaces of a WorkspaceKind, together with the options users choose from.
type WorkspaceKindPodTemplate struct {
	// metadata for Workspace Pods (MUTABLE)
	// +optional
	PodMetadata *WorkspaceKindPodMetadata `json:"podMetadata,omitempty"`

	// service account configs for Workspace Pods
	//  - each Workspace runs as its own ServiceAccount, which is created and owned by
	//    the controller and named "ws-{WORKSPACE_NAME}"
	//  - the resolved name is reported in the Workspace `status.podTemplatePod.serviceAccountName`
	// +optional
	ServiceAccount *WorkspaceKindServiceAccount `json:"serviceAccount,omitempty"`

	// activityProbe configs to determine Workspace activity (MUTABLE)
	// +optional
	ActivityProbe *ActivityProbe `json:"activityProbe,omitempty"`

	// standard probes to determine Container health (MUTABLE)
	// +optional
	Probes *WorkspaceKindProbes `json:"probes,omitempty"`

	// volume mount paths
	VolumeMounts WorkspaceKindVolumeMounts `json:"volumeMounts"`

	// port definitions which can be referenced in image config values
	// - think of port definitions as the "types" of services which could be provided by a specific image
	// - a port definition has a common id (URL path) for consistency if the listening TCP port changes
	// - ports are referenced in image config values by their `id` and their definition here establishes
	//   their protocol type, and default display name in the UI
	// +kubebuilder:validation:MinItems=1
	// +listType=map
	// +listMapKey=id
	Ports []WorkspaceKindPort `json:"ports"`

	// environment variables for Workspace Pods (MUTABLE)
	//  - the following go template functions are available:
	//     - `httpPathPrefix(portId string)`: returns the HTTP path prefix of the specified port
	// +kubebuilder:example={"NB_PREFIX": "{{ httpPathPrefix 'jupyterlab' }}"}
	// +listType=map
	// +listMapKey=name
	// +optional
	ExtraEnv []corev1.EnvVar `json:"extraEnv,omitempty"`

	// extra volume mounts for Workspace Pods (MUTABLE)
	// +listType=map
	// +listMapKey=mountPath
	// +optional
	ExtraVolumeMounts []corev1.VolumeMount `json:"extraVolumeMounts,omitempty"`

	// extra volumes for Workspace Pods (MUTABLE)
	// +listType=map
	// +listMapKey=name
	// +optional
	ExtraVolumes []corev1.Volume `json:"extraVolumes,omitempty"`

	// security context for Workspace Pods (MUTABLE)
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`

	// container security context for Workspace Pods (MUTABLE)
	// +optional
	ContainerSecurityContext *corev1.SecurityContext `json:"containerSecurityContext,omitempty"`

	// options are the user-selectable fields, they determine the PodSpec of the Workspace
	Options WorkspaceKindPodOptions `json:"options"`
}

// WorkspaceKindPodMetadata holds labels and annotations applied to every Pod
// of the WorkspaceKind.
type WorkspaceKindPodMetadata struct {
	// labels to be applied to the Pod resource
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// annotations to be applied to the Pod resource
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// WorkspaceKindServiceAccount configures the ServiceAccount which the
// controller creates and owns for each Workspace of the WorkspaceKind.
type WorkspaceKindServiceAccount struct {
	// the ClusterRoles to grant to the ServiceAccount of each Workspace (MUTABLE)
	//  - each entry becomes a namespaced RoleBinding, NOT a ClusterRoleBinding, so the
	//    permissions only apply inside the Namespace of the Workspace
	//  - removing an entry deletes the corresponding RoleBinding
	//  - the referenced ClusterRoles do not have to exist, a RoleBinding to a missing
	//    ClusterRole simply grants nothing until that ClusterRole is created
	//  - changes take effect immediately, Workspaces do NOT need to be restarted
	// +kubebuilder:example={{name: "kubeflow-edit"}}
	// +listType=map
	// +listMapKey=name
	// +optional
	ClusterRoles []WorkspaceKindClusterRole `json:"clusterRoles,omitempty"`
}

// WorkspaceKindClusterRole identifies a ClusterRole to bind to a Workspace's ServiceAccount
// via a namespaced RoleBinding.
type WorkspaceKindClusterRole struct {
	// the name of the ClusterRole to bind to the Workspace ServiceAccount
	//  - note, ClusterRole names are path segment names, so unlike most Kubernetes
	//    resource names they may contain uppercase letters and ":" (for example,
	//    the aggregated "system:aggregate-to-view" ClusterRole)
	//  - the pattern is the regex form of Kubernetes `IsValidPathSegmentName`:
	//    the name must not be "." or "..", and must not contain "/" or "%"
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^([^./%][^/%]*|\.[^./%][^/%]*|\.[^/%][^/%]+)$`
	// +kubebuilder:example="kubeflow-edit"
	Name string `json:"name"`
}

// ActivityProbe configures how the controller determines whether a Workspace
// is active: exactly one of PodExec or Jupyter is set.
// +kubebuilder:validation:XValidation:rule="!(has(self.podExec) && has(self.jupyter)) && (has(self.podExec) || has(self.jupyter))",message="must specify exactly one of 'podExec' or 'jupyter'"
// +kubebuilder:validation:XValidation:rule="self.minProbeIntervalSeconds <= self.probeIntervalSeconds",message="minProbeIntervalSeconds must be less than or equal to probeIntervalSeconds"
type ActivityProbe struct {
	// the minimum duration in seconds that must elapse between two consecutive probes.
	// - Acts as a rate-limiter for failed probes: if a probe fails, the controller waits at least this long before retrying (requeuing after minProbeInterval).
	// - Also acts as a guard: if a reconcile triggers early, the probe is skipped until this interval has elapsed since the last probe.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=31536000
	// +kubebuilder:default=300
	// +optional
	MinProbeIntervalSeconds *int32 `json:"minProbeIntervalSeconds,omitempty"`

	// the desired interval in seconds between successful probes.
	//  - If a probe succeeds, the controller schedules the next probe after this duration (requeuing after probeInterval).
	//  - Determines the freshness of workspace activity status used by activity rules.
	//  - ACTIVITY TIMING CAVEAT: a Workspace is only paused immediately after a fresh probe confirms it is still
	//    inactive (a Workspace is never paused based on stale activity data, so an actively-used Workspace whose
	//    user resumed activity between probes is not paused). Consequently, activity rules are only evaluated at probe time,
	//    so a Workspace may keep running for up to ~probeIntervalSeconds after it first becomes eligible
	//    (lastActivity + secondsSinceActive) before it is actually paused. Lower this value for tighter timing,
	//    at the cost of more frequent probing.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=31536000
	// +kubebuilder:default=3600
	// +optional
	ProbeIntervalSeconds *int32 `json:"probeIntervalSeconds,omitempty"`

	// a script-based probe executed in the Pod
	// +optional
	PodExec *ActivityProbePodExec `json:"podExec,omitempty"`

	// a Jupyter-specific API probe
	// +optional
	Jupyter *ActivityProbeJupyter `json:"jupyter,omitempty"`
}

// ActivityProbePodExec is an activity probe which runs a script inside the
// main container of the Workspace Pod.
type ActivityProbePodExec struct {
	// script is the script to run inside the Pod to determine if the Workspace is active.
	// The script must meet the following requirements:
	//  - The Pod's main container MUST provide a POSIX shell at "/bin/sh" and the "cat", "chmod",
	//    and "rm" utilities, which the controller uses to stage and execute the script. Minimal
	//    or distroless images without these will cause the probe to fail (and never pause).
	//  - It must start with a shebang (e.g., "#!/usr/bin/env bash" or "#!/usr/bin/env python").
	//  - It must exit with a 0 status code. A non-zero exit code is treated as a probe failure (Workspaces with failing probes are not paused).
	//  - It should be idempotent and without side effects since it can be run multiple times.
	//  - If the script wants to report an INACTIVE state, it MUST write a JSON object to the file path
	//    supplied in the OUTPUT_JSON_PATH environment variable.
	//  - When has_activity is not provided and last_activity is provided, last_activity is the authoritative source of truth:
	//    a successful probe unconditionally overwrites `status.activity.lastActivity` with the reported
	//    timestamp (the controller does not validate monotonicity or clamp to wall-clock time).
	//  - The JSON fields `has_activity` (boolean) and `last_activity` (ISO 8601 string) are mutually exclusive;
	//    users should specify one or the other, not both. If both fields are present, `has_activity` takes
	//    precedence and `last_activity` is totally ignored (the probe does not fail).
	//    The fields are evaluated to update the Workspace status field `status.activity.lastActivity` as follows:
	//      - If `has_activity` is explicitly set to `true` (or if the JSON file is empty/omitted): The Workspace is treated as active, and `status.activity.lastActivity` is updated to the probe completion time (ignoring `last_activity`).
	//      - If `has_activity` is explicitly set to `false`: The Workspace is treated as inactive, and the existing `status.activity.lastActivity` timestamp is preserved (unchanged, ignoring `last_activity`).
	//      - If `last_activity` (ISO 8601 string) is provided (and `has_activity` is omitted): The Workspace is treated as inactive, and `status.activity.lastActivity` is updated to the `last_activity` timestamp.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=2048
	Script string `json:"script"`

	// the maximum number of seconds the probe is allowed to run
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:default=60
	// +optional
	TimeoutSeconds *int32 `json:"timeoutSeconds,omitempty"`
}

// ActivityProbeJupyter is an activity probe which asks the Jupyter server of
// the Workspace for its last activity.
// +kubebuilder:validation:XValidation:rule="has(self.lastActivity) && self.lastActivity",message="'lastActivity' must be true"
type ActivityProbeJupyter struct {
	// if the Jupyter-specific probe is enabled
	// +kubebuilder:example=true
	LastActivity bool `json:"lastActivity"`

	// the port to probe, referencing a port defined in spec.podTemplate.ports
	PortID PortID `json:"portId"`
}

// WorkspaceKindProbes are the standard Kubernetes probes of the main
// container of Workspace Pods.
type WorkspaceKindProbes struct {
	// the startup probe for the main container
	// +optional
	StartupProbe *corev1.Probe `json:"startupProbe,omitempty"`

	// the liveness probe for the main container
	// +optional
	LivenessProbe *corev1.Probe `json:"livenessProbe,omitempty"`

	// the readiness probe for the main container
	// +optional
	ReadinessProbe *corev1.Probe `json:"readinessProbe,omitempty"`
}

// WorkspaceKindVolumeMounts holds the mount paths of the volumes every
// Workspace of the kind has.
type WorkspaceKindVolumeMounts struct {
	// the path to mount the home PVC (NOT MUTABLE)
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^/[^/].*$`
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="mount path of 'home' is immutable"
	// +kubebuilder:example="/home/jovyan"
	Home string `json:"home"`
}

// WorkspaceKindPort defines a kind of service (port id, protocol, display
// name) that image config values may provide on a TCP port of their choice.
type WorkspaceKindPort struct {
	// the id of the port
	// - identifier for the port in `imageconfig` ports.[].id
	// +kubebuilder:example="jupyterlab"
	ID PortID `json:"id"`

	// the protocol of the port
	// +kubebuilder:example="HTTP"
	Protocol PortProtocol `json:"protocol"`

	// the default display name of the port
	// - note, this can be overridden on a per image config value basis
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:example="JupyterLab"
	DefaultDisplayName string `json:"defaultDisplayName"`

	// the http proxy config for the port (MUTABLE)
	// +optional
	HTTPProxy *HTTPProxy `json:"httpProxy,omitempty"`
}

// PortProtocol is the protocol spoken on a port of a WorkspaceKind.
// +kubebuilder:validation:Enum=HTTP
type PortProtocol string

const (
	// PortProtocolHTTP is served through the HTTP proxy at
	// /workspace/connect/<namespace>/<workspace>/<portId>/.
	PortProtocolHTTP PortProtocol = "HTTP"
)

// HTTPProxy configures how the HTTP proxy in front of Workspaces forwards
// requests to a port.
type HTTPProxy struct {
	// if the path prefix is stripped from incoming HTTP requests
	//  - if true, the '/workspace/connect/{profile_name}/{workspace_name}/' path prefix
	//    is stripped from incoming requests, the application sees the request
	//    as if it was made to '/...'
	//  - this only works if the application serves RELATIVE URLs for its assets
	// +kubebuilder:default=false
	// +optional
	RemovePathPrefix *bool `json:"removePathPrefix,omitempty"`

	// header manipulation rules for incoming HTTP requests
	//  - sets the `spec.http[].headers.request` of the Istio VirtualService
	//    https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
	// +optional
	RequestHeaders *IstioHeaderOperations `json:"requestHeaders,omitempty"`
}

// IstioHeaderOperations are header manipulation rules, in the shape of
// Istio's VirtualService HeaderOperations.
type IstioHeaderOperations struct {
	// overwrite the headers specified by key with the given values
	//  - the following go template functions are available in the values:
	//     - `httpPathPrefix(portId string)`: returns the HTTP path prefix of the specified port
	// +kubebuilder:example={"X-RStudio-Root-Path": "{{ httpPathPrefix 'rstudio' }}"}
	// +optional
	Set map[string]string `json:"set,omitempty"`

	// append the given values to the headers specified by keys (will create a comma-separated list of values)
	//  - the following go template functions are available in the values:
	//     - `httpPathPrefix(portId string)`: returns the HTTP path prefix of the specified port
	// +kubebuilder:example={"My-Header": "value-to-append"}
	// +optional
	Add map[string]string `json:"add,omitempty"`

	// remove the specified headers
	// +kubebuilder:example={"Header-To-Remove"}
	// +optional
	Remove []string `json:"remove,omitempty"`
}

// WorkspaceKindPodOptions are the options users choose from when creating a
// Workspace; together they determine its PodSpec.
type WorkspaceKindPodOptions struct {
	// imageConfig options
	ImageConfig ImageConfig `json:"imageConfig"`

	// podConfig options
	PodConfig PodConfig `json:"podConfig"`
}

// ImageConfig lists the container images a Workspace of the kind may run.
type ImageConfig struct {
	// spawner ui configs
	Spawner OptionsSpawnerConfig `json:"spawner"`

	// the list of image configs that are available
	// +kubebuilder:validation:MinItems=1
	// +listType=map
	// +listMapKey=id
	Values []ImageConfigValue `json:"values"`
}

// ImageConfigValue is one selectable image config.
type ImageConfigValue struct {
	// the id of this image config
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="jupyterlab_scipy_190"
	ID string `json:"id"`

	// information for the spawner ui
	Spawner OptionSpawnerInfo `json:"spawner"`

	// redirect configs
	// +optional
	Redirect *OptionRedirect `json:"redirect,omitempty"`

	// the spec of the image config
	Spec ImageConfigSpec `json:"spec"`
}

// ImageConfigSpec is the container image, and the ports it listens on, of an
// image config value.
type ImageConfigSpec struct {
	// the container image to use
	// +kubebuilder:validation:MinLength=2
	Image string `json:"image"`

	// the pull policy for the container image
	// ---
	// No omitempty (as upstream): an unset policy serializes as null, which
	// the API server then defaults.
	// +kubebuilder:validation:Enum=Always;IfNotPresent;Never
	// +kubebuilder:default=IfNotPresent
	// +optional
	ImagePullPolicy *corev1.PullPolicy `json:"imagePullPolicy"`

	// ports that the container listens on
	//   - if multiple ports are defined, the user will see multiple "Connect" buttons
	//     in a dropdown menu on the Workspace overview page
	// +kubebuilder:validation:MinItems=1
	// +listType=map
	// +listMapKey=id
	Ports []ImagePort `json:"ports"`
}

// ImagePort is a port the image of an image config value listens on, bound
// to one of the WorkspaceKind's port definitions by id.
type ImagePort struct {
	// the id of the port
	//  - this is NOT used as the Container or Service port name, but as part of the HTTP path
	// +kubebuilder:example="jupyterlab"
	ID PortID `json:"id"`

	// the display name of the port
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=64
	// +optional
	DisplayName *string `json:"displayName,omitempty"`

	// the port number
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +kubebuilder:example=8888
	Port int32 `json:"port"`
}

// PodConfig lists the pod configurations (resources, scheduling) a Workspace
// of the kind may use.
type PodConfig struct {
	// spawner ui configs
	Spawner OptionsSpawnerConfig `json:"spawner"`

	// the list of pod configs that are available
	// +kubebuilder:validation:MinItems=1
	// +listType=map
	// +listMapKey=id
	Values []PodConfigValue `json:"values"`
}

// PodConfigValue is one selectable pod config.
type PodConfigValue struct {
	// the id of this pod config
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="big_gpu"
	ID string `json:"id"`

	// information for the spawner ui
	Spawner OptionSpawnerInfo `json:"spawner"`

	// redirect configs
	// +optional
	Redirect *OptionRedirect `json:"redirect,omitempty"`

	// the spec of the pod config
	Spec PodConfigSpec `json:"spec"`
}

// PodConfigSpec holds the scheduling and resource settings of a pod config
// value.
type PodConfigSpec struct {
	// affinity configs for the pod
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`

	// node selector configs for the pod
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`

	// toleration configs for the pod
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`

	// resource configs for the "main" container in the pod
	// +optional
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`
}

// OptionsSpawnerConfig configures how the spawner UI presents a list of
// option values.
type OptionsSpawnerConfig struct {
	// the id of the default option
	//  - this will be selected by default in the spawner ui
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="jupyterlab_scipy_190"
	Default string `json:"default"`
}

// OptionSpawnerInfo is how the spawner UI presents one option value.
type OptionSpawnerInfo struct {
	// the display name of the option
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=128
	DisplayName string `json:"displayName"`

	// a description of the option
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=1024
	// +optional
	Description *string `json:"description,omitempty"`

	// labels for the option
	// +kubebuilder:validation:MaxItems=32
	// +listType=map
	// +listMapKey=key
	// +optional
	Labels []OptionSpawnerLabel `json:"labels,omitempty"`

	// if this option should be hidden from the Workspace Spawner UI
	// +kubebuilder:default=false
	// +optional
	Hidden *bool `json:"hidden,omitempty"`
}

// OptionSpawnerLabel is a key/value label of an option value, shown in the
// spawner UI and matched by filter rules.
type OptionSpawnerLabel struct {
	// the key of the label
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=64
	Key string `json:"key"`

	// the value of the label
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=64
	Value string `json:"value"`
}

// OptionRedirect points Workspaces using an option value to another value
// of the same list, which takes effect on their next restart.
type OptionRedirect struct {
	// the id of the option to redirect to
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="jupyterlab_scipy_190"
	To string `json:"to"`

	// information about the redirect
	// +optional
	Message *RedirectMessage `json:"message,omitempty"`
}

// RedirectMessage is a message shown to users about a redirect.
type RedirectMessage struct {
	// the importance level of the message
	// +kubebuilder:example="Info"
	Level RedirectMessageLevel `json:"level"`

	// the text of the message to show
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=1024
	// +kubebuilder:example="This update will increase the version of JupyterLab to v1.7.1"
	Text string `json:"text"`
}

// RedirectMessageLevel is the importance level of a redirect message.
// +kubebuilder:validation:Enum=Info;Warning;Danger
type RedirectMessageLevel string

const (
	// RedirectMessageLevelInfo is an informational message.
	RedirectMessageLevelInfo RedirectMessageLevel = "Info"
	// RedirectMessageLevelWarning is a warning.
	RedirectMessageLevelWarning RedirectMessageLevel = "Warning"
	// RedirectMessageLevelDanger warns about a disruptive change.
	RedirectMessageLevelDanger RedirectMessageLevel = "Danger"
)

// ActivityRule defines a policy for handling inactivity in a Workspace
type ActivityRule struct {
	// the configuration for this rule
	Config ActivityRuleConfig `json:"config"`

	// the conditions under which this rule applies
	// +optional
	Match *ActivityRuleMatch `json:"match,omitempty"`

	// the action to take when the rule matches and its conditions are met
	Effect ActivityRuleEffect `json:"effect"`
}

// ActivityRuleConfig holds the timing parameters of an ActivityRule.
type ActivityRuleConfig struct {
	// the number of seconds of inactivity before a Workspace is eligible for this rule's effect
	//  - the minimum value is 16 (`secondsSinceActive` > 15) to prevent thrashing and pausing
	//    workspaces prematurely during startup or transient connection drops
	// +kubebuilder:validation:Minimum=16
	SecondsSinceActive int32 `json:"secondsSinceActive"`

	// the minimum duration in seconds a Workspace must be running before it can be paused due to inactivity
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:default=0
	// +optional
	MinRunningSeconds *int32 `json:"minRunningSeconds,omitempty"`
}

// ActivityRuleMatch selects the Workspaces an ActivityRule applies to. Both
// matchers must match when both are set; a nil or empty match matches every
// Workspace (a catch-all rule).
type ActivityRuleMatch struct {
	// filters Workspaces by namespace labels
	// +optional
	MatchNamespace *ActivityRuleNamespaceMatch `json:"matchNamespace,omitempty"`

	// filters Workspaces by the PodConfig option they are using
	// +optional
	MatchPodConfig *ActivityRulePodConfigMatch `json:"matchPodConfig,omitempty"`
}

// ActivityRuleNamespaceMatch matches Workspaces by the labels of their
// namespace.
type ActivityRuleNamespaceMatch struct {
	// the standard Kubernetes label selector to match namespace labels
	Selector metav1.LabelSelector `json:"selector"`
}

// ActivityRulePodConfigMatch matches Workspaces by the spawner labels of the
// pod config value they use.
type ActivityRulePodConfigMatch struct {
	// the standard Kubernetes label selector to match podConfig labels
	Selector metav1.LabelSelector `json:"selector"`
}

// ActivityRuleEffect is the action of a matching ActivityRule. Each field is
// a tri-state: true applies the effect, false exempts the Workspace, and nil
// falls through to the next rule.
// +kubebuilder:validation:XValidation:rule="has(self.pauseWorkspace)",message="must specify at least one effect"
type ActivityRuleEffect struct {
	// determines if the Workspace should be paused
	//  - the webhook rejects rules with `pauseWorkspace: true`
	//    when no `activityProbe` is configured
	// +optional
	PauseWorkspace *bool `json:"pauseWorkspace,omitempty"`
}

// FilterRule is a single admin-defined rule which applies an effect to matched
// items (WorkspaceKinds, imageConfig values, or podConfig values) when all of
// its match conditions are satisfied.
type FilterRule struct {
	// the type of resource whose visibility this rule controls
	Scope FilterRuleScope `json:"scope"`

	// the conditions which must ALL be satisfied for the rule to apply
	// +kubebuilder:validation:MinItems=1
	// +listType=atomic
	Match []FilterRuleMatch `json:"match"`

	// the effect to apply to matched items when all `match` conditions are satisfied
	Effect FilterRuleEffect `json:"effect"`
}

// FilterRuleScope is the type of item a FilterRule applies to.
// +kubebuilder:validation:Enum=WORKSPACE_KIND;POD_CONFIG;IMAGE_CONFIG
type FilterRuleScope string

const (
	// FilterRuleScopeWorkspaceKind applies the rule to the WorkspaceKind itself.
	FilterRuleScopeWorkspaceKind FilterRuleScope = "WORKSPACE_KIND"
	// FilterRuleScopePodConfig applies the rule to podConfig values.
	FilterRuleScopePodConfig FilterRuleScope = "POD_CONFIG"
	// FilterRuleScopeImageConfig applies the rule to imageConfig values.
	FilterRuleScopeImageConfig FilterRuleScope = "IMAGE_CONFIG"
)

// FilterRuleMatch defines a single match condition for a filter rule
// +kubebuilder:validation:XValidation:rule="(has(self.matchNamespace) ? 1 : 0) + (has(self.matchImageConfig) ? 1 : 0) + (has(self.matchPodConfig) ? 1 : 0) == 1",message="must specify exactly one of 'matchNamespace', 'matchImageConfig', or 'matchPodConfig'"
type FilterRuleMatch struct {
	// match against the labels of the namespace the workspace would be created in
	// +optional
	MatchNamespace *FilterRuleSelector `json:"matchNamespace,omitempty"`

	// match against the `spawner.labels` of an imageConfig value
	// +optional
	MatchImageConfig *FilterRuleSelector `json:"matchImageConfig,omitempty"`

	// match against the `spawner.labels` of a podConfig value
	// +optional
	MatchPodConfig *FilterRuleSelector `json:"matchPodConfig,omitempty"`
}

// FilterRuleSelector wraps the label selector of a FilterRuleMatch.
type FilterRuleSelector struct {
	// a standard Kubernetes label selector
	Selector metav1.LabelSelector `json:"selector"`
}

// FilterRuleEffect is what a FilterRule does to the items it matches.
// +kubebuilder:validation:XValidation:rule="has(self.ui) || has(self.api)",message="must specify at least one of 'ui' or 'api'"
type FilterRuleEffect struct {
	// rendering hints for the frontend (the item is still returned by the API)
	// +optional
	UI *FilterRuleUIEffect `json:"ui,omitempty"`

	// server-enforced behavior evaluated by the backend API server
	// +optional
	API *FilterRuleAPIEffect `json:"api,omitempty"`
}

// FilterRuleUIEffect holds rendering hints for matched items.
type FilterRuleUIEffect struct {
	// suggest the UI hide the matched item
	Hide bool `json:"hide"`
}

// FilterRuleAPIEffect is the behavior the BFF enforces for matched items.
// +kubebuilder:validation:XValidation:rule="!has(self.denyMessage) || (has(self.deny) && self.deny)",message="'denyMessage' may only be set when 'deny' is true"
type FilterRuleAPIEffect struct {
	// omit the matched item from the API response entirely
	// +optional
	Hide *bool `json:"hide,omitempty"`

	// return the matched item but reject any workspace create/update which selects it
	// +optional
	Deny *bool `json:"deny,omitempty"`

	// a message explaining why the matched item is denied
	// +optional
	DenyMessage *FilterRuleDenyMessage `json:"denyMessage,omitempty"`
}

// FilterRuleDenyMessage explains why a matched item is denied.
type FilterRuleDenyMessage struct {
	// the text of the message to show when the item is denied
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=1024
	Text string `json:"text"`
}

/*
===============================================================================
                            WorkspaceKind - Status
===============================================================================
*/

// WorkspaceKindStatus defines the observed state of WorkspaceKind
type WorkspaceKindStatus struct {
	// the number of Workspaces that are using this WorkspaceKind
	// +kubebuilder:default=0
	Workspaces int32 `json:"workspaces"`

	// metrics for podTemplate options
	PodTemplateOptions PodTemplateOptionsMetrics `json:"podTemplateOptions"`

	// status of the spawner icon
	SpawnerIcon WorkspaceKindAssetStatus `json:"spawnerIcon"`

	// status of the spawner logo
	SpawnerLogo WorkspaceKindAssetStatus `json:"spawnerLogo"`
}

// PodTemplateOptionsMetrics counts the Workspaces using each option value.
type PodTemplateOptionsMetrics struct {
	// metrics about the imageConfig options
	// +listType=map
	// +listMapKey=id
	ImageConfig []OptionMetric `json:"imageConfig"`

	// metrics about the podConfig options
	// +listType=map
	// +listMapKey=id
	PodConfig []OptionMetric `json:"podConfig"`
}

// OptionMetric is the number of Workspaces using one option value.
type OptionMetric struct {
	// the id of the option
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="big_gpu"
	ID string `json:"id"`

	// the number of Workspaces currently using the option
	// +kubebuilder:example=3
	Workspaces int32 `json:"workspaces"`
}

// WorkspaceKindAssetStatus is what the controller observed about an asset
// (icon or logo). Both fields are empty for URL assets.
type WorkspaceKindAssetStatus struct {
	// sha256 hash of image asset content
	// +optional
	SHA256 string `json:"sha256,omitempty"`

	// status of the configMap reference
	// +optional
	ConfigMap *WorkspaceKindAssetConfigMapStatus `json:"configMap,omitempty"`
}

// WorkspaceKindAssetConfigMapStatus reports an error reading the ConfigMap of
// an asset.
type WorkspaceKindAssetConfigMapStatus struct {
	// error message when reading the configMap
	// +optional
	ErrorMessage string `json:"errorMessage,omitempty"`

	// cause of the error when reading the configMap
	// +optional
	ErrorType AssetConfigMapErrorType `json:"errorType,omitempty"`
}

// AssetConfigMapErrorType is the cause of an error reading the ConfigMap of
// an asset.
// +kubebuilder:validation:Enum=NotFound;KeyNotFound;Other
type AssetConfigMapErrorType string

const (
	// AssetConfigMapErrorNotFound means the ConfigMap does not exist.
	AssetConfigMapErrorNotFound AssetConfigMapErrorType = "NotFound"
	// AssetConfigMapErrorKeyNotFound means the ConfigMap lacks the key.
	AssetConfigMapErrorKeyNotFound AssetConfigMapErrorType = "KeyNotFound"
	// AssetConfigMapErrorOther is any other error.
	AssetConfigMapErrorOther AssetConfigMapErrorType = "Other"
)

/*
===============================================================================
                                 WorkspaceKind
===============================================================================
*/

// WorkspaceKind is the Schema for the WorkspaceKinds API
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Cluster,shortName=wsk
// +kubebuilder:printcolumn:name="Workspaces",type="integer",JSONPath=".status.workspaces",description="The number of Workspaces using this WorkspaceKind"
// +kubebuilder:printcolumn:name="Deprecated",type="boolean",JSONPath=".spec.spawner.deprecated",description="If this WorkspaceKind is deprecated"
// +kubebuilder:printcolumn:name="Hidden",type="boolean",JSONPath=".spec.spawner.hidden",description="If this WorkspaceKind is hidden from the spawner UI"
type WorkspaceKind struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WorkspaceKindSpec   `json:"spec,omitempty"`
	Status WorkspaceKindStatus `json:"status,omitempty"`
}

// WorkspaceKindList contains a list of WorkspaceKind
//
// +kubebuilder:object:root=true
type WorkspaceKindList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []WorkspaceKind `json:"items"`
}
