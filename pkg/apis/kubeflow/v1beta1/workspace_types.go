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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

/*
===============================================================================
                                Workspace - Spec
===============================================================================
*/

// WorkspaceSpec defines the desired state of Workspace
type WorkspaceSpec struct {
	// if the workspace is paused (no pods running)
	// ---
	// A plain bool without omitempty: `false` is always serialized, which lets
	// the BFF guard a pause/start JSON patch with a `test` operation.
	// +kubebuilder:default=false
	// +optional
	Paused bool `json:"paused"`

	// an optional human-readable name for the Workspace, displayed in the UI instead of metadata.name
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +kubebuilder:example="My Workspace"
	// +optional
	DisplayName *string `json:"displayName,omitempty"`

	// the WorkspaceKind to use
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="Workspace 'kind' is immutable"
	// +kubebuilder:example="jupyterlab"
	Kind string `json:"kind"`

	// options for "podTemplate"-type WorkspaceKinds
	PodTemplate WorkspacePodTemplate `json:"podTemplate"`
}

// WorkspacePodTemplate holds the Workspace's choices for a WorkspaceKind of
// the "podTemplate" type: Pod metadata, volumes and the selected options.
type WorkspacePodTemplate struct {
	// metadata to be applied to the Pod resource
	// +optional
	PodMetadata *WorkspacePodMetadata `json:"podMetadata,omitempty"`

	// volume configs
	Volumes WorkspacePodVolumes `json:"volumes"`

	// the selected podTemplate options
	Options WorkspacePodOptions `json:"options"`
}

// WorkspacePodMetadata holds labels and annotations applied to the Pod of a
// Workspace, on top of those of its WorkspaceKind.
type WorkspacePodMetadata struct {
	// labels to be applied to the Pod resource
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// annotations to be applied to the Pod resource
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// WorkspacePodVolumes lists the PVCs and Secrets mounted into the Pod of a
// Workspace.
type WorkspacePodVolumes struct {
	// the name of the PVC to mount as the home volume
	//  - this PVC must already exist in the Namespace
	//  - this PVC must be RWX (ReadWriteMany, ReadWriteOnce)
	//  - the mount path is defined in the WorkspaceKind under
	//    `spec.podTemplate.volumeMounts.home`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:example="my-home-pvc"
	// +optional
	Home *string `json:"home,omitempty"`

	// additional PVCs to mount
	//  - these PVC must already exist in the Namespace
	//  - the same PVC can be mounted multiple times with different `mountPaths`
	//  - if `readOnly` is false, the PVC must be RWX (ReadWriteMany, ReadWriteOnce)
	//  - if `readOnly` is true, the PVC must be ReadOnlyMany
	// +listType=map
	// +listMapKey=mountPath
	// +optional
	Data []PodVolumeMount `json:"data,omitempty"`

	// secrets to mount
	//  - these secrets must already exist in the Namespace
	//  - secrets are mounted as folders with the secret keys as files
	// +listType=map
	// +listMapKey=mountPath
	// +optional
	Secrets []PodSecretMount `json:"secrets,omitempty"`
}

// PodVolumeMount is a PVC mounted into the Pod of a Workspace.
type PodVolumeMount struct {
	// the name of the PVC to mount
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:example="my-data-pvc"
	PVCName string `json:"pvcName"`

	// the mount path for the PVC
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^/[^/].*$`
	// +kubebuilder:example="/data/my-data"
	MountPath string `json:"mountPath"`

	// if the PVC should be mounted as ReadOnly
	// +kubebuilder:default=false
	// +optional
	ReadOnly *bool `json:"readOnly,omitempty"`
}

// PodSecretMount is a Secret mounted as a directory (one file per key) into
// the Pod of a Workspace.
type PodSecretMount struct {
	// the name of the Secret to mount
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:example="my-secret"
	SecretName string `json:"secretName"`

	// the mount path for the Secret
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^/[^/].*$`
	// +kubebuilder:example="/secrets/my-secret"
	MountPath string `json:"mountPath"`

	// default mode bits used to set permissions on files in the Secret
	//  - must be a decimal value between 0 and 511, or an octal value between 0000 and 0777
	//  - for example, 420 is equivalent to 0644, and 511 is equivalent to 0777
	//  - YAML accepts both octal and decimal values, JSON requires decimal
	//  - Defaults to 420 (octal: 0644) if not specified.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=511
	// +kubebuilder:default=420
	// +optional
	DefaultMode int32 `json:"defaultMode,omitempty"`
}

// WorkspacePodOptions holds the ids of the imageConfig and podConfig values,
// defined by the WorkspaceKind, that the Workspace uses.
type WorkspacePodOptions struct {
	// the id of an imageConfig option
	//  - options are defined in WorkspaceKind under
	//    `spec.podTemplate.options.imageConfig.values[]`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="jupyterlab_scipy_190"
	ImageConfig string `json:"imageConfig"`

	// the id of a podConfig option
	//  - options are defined in WorkspaceKind under
	//    `spec.podTemplate.options.podConfig.values[]`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +kubebuilder:example="big_gpu"
	PodConfig string `json:"podConfig"`
}

/*
===============================================================================
                               Workspace - Status
===============================================================================
*/

// WorkspaceStatus defines the observed state of Workspace
type WorkspaceStatus struct {
	// activity information for the Workspace, used to determine activity rule actions
	Activity WorkspaceActivity `json:"activity"`

	// the last time the Workspace entered a Running state (UNIX epoch in milliseconds)
	//  - used to compute running duration for `minRunningSeconds` activity guard
	//  - set to 0 when the Workspace has never been in a Running state
	// +kubebuilder:default=0
	// +kubebuilder:example=1704060000000
	LastRunningTime int64 `json:"lastRunningTime"`

	// the time when the Workspace was paused (UNIX epoch in milliseconds)
	//  - set to 0 when the Workspace is NOT paused
	// +kubebuilder:default=0
	// +kubebuilder:example=1704067200000
	PauseTime int64 `json:"pauseTime"`

	// if the current Pod does not reflect the current "desired" state
	//  - true if any `spec.podTemplate.options` have a redirect
	//    and so will be patched on the next restart
	//  - true if the WorkspaceKind has changed one of its common `podTemplate` fields
	//    like `podMetadata`, `probes`, `extraEnv`, or `containerSecurityContext`
	// +kubebuilder:default=false
	PendingRestart bool `json:"pendingRestart"`

	// information about the current podTemplate options (only set for WorkspaceKind of podTemplate kind)
	PodTemplateOptions WorkspacePodOptionsStatus `json:"podTemplateOptions"`

	// information about the Pod managed by this Workspace (only set for WorkspaceKind of podTemplate kind)
	PodTemplatePod WorkspacePodStatus `json:"podTemplatePod"`

	// the current state of the Workspace
	// +kubebuilder:default="Unknown"
	State WorkspaceState `json:"state"`

	// a human-readable message about the state of the Workspace
	//  - WARNING: this field is NOT FOR MACHINE USE, subject to change without notice
	// +kubebuilder:default=""
	StateMessage string `json:"stateMessage"`
}

// WorkspaceActivity is what the controller knows about the activity of a
// Workspace, from its activity probe. All times are UNIX epoch milliseconds.
type WorkspaceActivity struct {
	// the last time activity was observed on the Workspace (UNIX epoch in milliseconds)
	//  - this is the value returned by the activity probe, not the time the probe was run
	//  - the activity probe is authoritative: on success, the probe result unconditionally
	//    overwrites this timestamp (the controller does not validate monotonicity or clamp to wall-clock time)
	//  - not updated when a probe fails
	// +kubebuilder:default=0
	// +kubebuilder:example=1704067200000
	LastActivity int64 `json:"lastActivity"`

	// the end time of the last successful probe (UNIX epoch in milliseconds)
	//  - not updated when a probe fails
	//  - used to determine when the next probe should run
	// +kubebuilder:default=0
	// +kubebuilder:example=1704067200000
	LastUpdate int64 `json:"lastUpdate"`

	// probe result tracking
	// +optional
	LastProbe *ActivityProbeStatus `json:"lastProbe,omitempty"`

	// rule evaluation state
	// +optional
	Rules *ActivityRulesStatus `json:"rules,omitempty"`
}

// ActivityProbeStatus is the outcome of the last activity probe run against a
// Workspace.
type ActivityProbeStatus struct {
	// the time the probe was started (UNIX epoch in milliseconds)
	// +kubebuilder:example=1710435303000
	StartTime int64 `json:"startTime"`

	// the time the probe was completed (UNIX epoch in milliseconds)
	// +kubebuilder:example=1710435305000
	EndTime int64 `json:"endTime"`

	// the result of the last probe execution
	Result ProbeResult `json:"result"`

	// a human-readable message about the probe result
	//  - WARNING: this field is NOT FOR MACHINE USE, subject to change without notice
	// +kubebuilder:default=""
	// +kubebuilder:example="Jupyter probe succeeded"
	Message string `json:"message"`
}

// ProbeResult is the result of an activity probe execution.
// +kubebuilder:validation:Enum=Success;Failure;Timeout
type ProbeResult string

const (
	// ProbeResultSuccess means the probe ran and reported the Workspace's activity.
	ProbeResultSuccess ProbeResult = "Success"
	// ProbeResultFailure means the probe ran but failed.
	ProbeResultFailure ProbeResult = "Failure"
	// ProbeResultTimeout means the probe did not finish in time.
	ProbeResultTimeout ProbeResult = "Timeout"
)

// ActivityRulesStatus is the evaluation state of the WorkspaceKind's activity
// rules for a Workspace, one field per effect type.
type ActivityRulesStatus struct {
	// rule evaluation state for the pauseWorkspace effect
	// +optional
	PauseWorkspace *PauseWorkspaceRuleStatus `json:"pauseWorkspace,omitempty"`
}

// PauseWorkspaceRuleStatus is the evaluation state of the pauseWorkspace
// activity rule effect for a Workspace.
type PauseWorkspaceRuleStatus struct {
	// the time after which if the rule is evaluated the Workspace would be paused (UNIX epoch in milliseconds)
	//  - set to 0 when lastActivity is unknown (<= 0), indicating eligibility cannot be computed / not applicable
	//  - the controller will not pause a Workspace when eligibleAfter is 0
	// +kubebuilder:default=0
	// +kubebuilder:example=1707667200000
	EligibleAfter int64 `json:"eligibleAfter"`
}

// WorkspacePodOptionsStatus tells, for each option type, which option takes
// effect after the next restart of a Workspace.
type WorkspacePodOptionsStatus struct {
	// info about the current imageConfig option
	ImageConfig WorkspacePodOptionInfo `json:"imageConfig"`

	// info about the current podConfig option
	PodConfig WorkspacePodOptionInfo `json:"podConfig"`
}

// WorkspacePodOptionInfo describes how the option a Workspace selected is
// redirected by its WorkspaceKind, if at all.
type WorkspacePodOptionInfo struct {
	// the option id which will take effect after the next restart
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Desired string `json:"desired,omitempty"`

	// the chain from the current option to the desired option
	// +optional
	RedirectChain []WorkspacePodOptionRedirectStep `json:"redirectChain,omitempty"`
}

// WorkspacePodOptionRedirectStep is one `redirect.to` link followed from the
// current option towards the desired one.
type WorkspacePodOptionRedirectStep struct {
	// the source option id
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	Source string `json:"source"`

	// the target option id
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	Target string `json:"target"`
}

// WorkspacePodStatus describes the Pod that currently runs a Workspace. Name
// and NodeName are empty when there is no Pod (or it is not scheduled).
type WorkspacePodStatus struct {
	// the name of the Pod resource
	Name string `json:"name"`

	// the name of the node on which the Pod is scheduled
	NodeName string `json:"nodeName"`

	// the name of the ServiceAccount that the Pod runs as
	//  - this ServiceAccount is created and owned by the Workspace, and is stable for its lifetime
	//  - it is reported here so that Roles, RoleBindings, and Istio AuthorizationPolicies
	//    which reference the ServiceAccount do not have to recompute its name
	// +kubebuilder:example="ws-my-workspace"
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`

	// information about the Pod's containers
	// +optional
	Containers []WorkspacePodContainer `json:"containers,omitempty"`

	// information about the Pod's initContainers
	// +optional
	InitContainers []WorkspacePodContainer `json:"initContainers,omitempty"`
}

// WorkspacePodContainer identifies a container of the Pod of a Workspace.
type WorkspacePodContainer struct {
	// the name of the container
	Name string `json:"name"`
}

// WorkspaceState is the coarse state of a Workspace, derived by the controller
// from spec.paused, the Pod and the events of the Pod and StatefulSet.
// +kubebuilder:validation:Enum=Running;Terminating;Paused;Pending;Error;Unknown
type WorkspaceState string

const (
	// WorkspaceStateRunning means the Pod is running and ready.
	WorkspaceStateRunning WorkspaceState = "Running"
	// WorkspaceStateTerminating means the Pod is being deleted, for example
	// right after the Workspace was paused.
	WorkspaceStateTerminating WorkspaceState = "Terminating"
	// WorkspaceStatePaused means spec.paused is true and no Pod exists.
	WorkspaceStatePaused WorkspaceState = "Paused"
	// WorkspaceStatePending means the Pod exists but is not running yet.
	WorkspaceStatePending WorkspaceState = "Pending"
	// WorkspaceStateError means the Workspace or its Pod has a problem; see
	// the state message.
	WorkspaceStateError WorkspaceState = "Error"
	// WorkspaceStateUnknown means no other state applies, for example while
	// the Pod of an unpaused Workspace does not exist yet.
	WorkspaceStateUnknown WorkspaceState = "Unknown"
)

/*
===============================================================================
                                   Workspace
===============================================================================
*/

// Workspace is the Schema for the Workspaces API
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:scope=Namespaced,shortName=ws
// +kubebuilder:printcolumn:name="State",type="string",JSONPath=".status.state",description="The current state of the Workspace"
type Workspace struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WorkspaceSpec   `json:"spec,omitempty"`
	Status WorkspaceStatus `json:"status,omitempty"`
}

// WorkspaceList contains a list of Workspace
//
// +kubebuilder:object:root=true
type WorkspaceList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Workspace `json:"items"`
}
