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

package config

import (
	"bytes"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c Config)
		wantErr string
	}{
		{
			name: "defaults match upstream",
			check: func(t *testing.T, c Config) {
				want := Config{Port: 4000, ClientQPS: 50, ClientBurst: 100, UserIDHeader: "kubeflow-userid",
					UserIDPrefix: ":", GroupsHeader: "kubeflow-groups", AuthMethod: "internal", AuthTokenHeader: "Authorization",
					AuthTokenPrefix: "Bearer ", SwaggerHost: "localhost:4000",
					SwaggerBasePath: "/api/v1", SwaggerScheme: "http", ShutdownTimeout: 20 * time.Second,
					ShutdownDelay: 5 * time.Second, WriteVisibilityTimeout: 3 * time.Second, AuthzAllowTTL: 10 * time.Second, AuthzDenyTTL: 10 * time.Second,
					WatchHeartbeat: 15 * time.Second, WatchMax: 10000, WatchMaxPerUser: 20,
					LargeBodyDecodes: 4, LogReadsPerUser: 4, LogTimeout: 2 * time.Minute, LogMaxTailLines: 10000, AuthzUserQPS: 25, AuthzUserBurst: 100,
					AuthzCacheSize: 100000, AuthzQPS: 500, AuthzBurst: 1000, AccessLog: "default", AccessLogSlow: time.Second, LogFormat: "text", LogLevel: slog.LevelInfo}
				if !reflect.DeepEqual(c, want) {
					t.Fatalf("got %+v\nwant %+v", c, want)
				}
				if c.Listen() != ":4000" {
					t.Fatalf("listen %q", c.Listen())
				}
			},
		},
		{
			name: "environment overrides defaults",
			env:  map[string]string{"PORT": "8080", "CLIENT_QPS": "7.5", "CLIENT_BURST": "9", "USERID_HEADER": "x-user", "USERID_PREFIX": "", "GROUPS_HEADER": "x-groups", "PROXY_URL_PREFIX": "/workspaces", "SWAGGER_ENABLED": "true"},
			check: func(t *testing.T, c Config) {
				if c.Port != 8080 || c.ClientQPS != 7.5 || c.ClientBurst != 9 || c.UserIDHeader != "x-user" || c.UserIDPrefix != "" ||
					c.GroupsHeader != "x-groups" || c.ProxyURLPrefix != "/workspaces" || !c.SwaggerEnabled {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "flag wins over environment",
			args: []string{"--port", "5000", "--swagger-enabled=false"},
			env:  map[string]string{"PORT": "8080", "SWAGGER_ENABLED": "true"},
			check: func(t *testing.T, c Config) {
				if c.Port != 5000 || c.SwaggerEnabled {
					t.Fatalf("got %+v", c)
				}
			},
		},

		{
			name: "observability flags",
			args: []string{"--metrics-bind-address", "127.0.0.1:9090", "--pprof", "--log-format", "json", "--log-level", "debug"},
			check: func(t *testing.T, c Config) {
				if c.MetricsBindAddress != "127.0.0.1:9090" || !c.Pprof || c.LogFormat != "json" || c.LogLevel != slog.LevelDebug {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "observability environment",
			env:  map[string]string{"METRICS_BIND_ADDRESS": ":9090", "PPROF": "true", "LOG_FORMAT": "json", "LOG_LEVEL": "warn"},
			check: func(t *testing.T, c Config) {
				if c.MetricsBindAddress != ":9090" || !c.Pprof || c.LogFormat != "json" || c.LogLevel != slog.LevelWarn {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "metrics on another address with the API port",
			args: []string{"--bind-address", "10.0.0.1", "--metrics-bind-address", "127.0.0.1:4000"},
			check: func(t *testing.T, c Config) {
				if c.MetricsBindAddress != "127.0.0.1:4000" {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{name: "pprof needs a metrics listener", args: []string{"--pprof"}, wantErr: "pprof: needs --metrics-bind-address"},
		{name: "metrics address without a port", args: []string{"--metrics-bind-address", "127.0.0.1"}, wantErr: "must be host:port"},
		{name: "metrics address with a host name", args: []string{"--metrics-bind-address", "localhost:9090"}, wantErr: "host is not an IP address"},
		{name: "watch heartbeat must be positive", args: []string{"--watch-heartbeat", "0s"}, wantErr: "watch-heartbeat 0s, watch-max 10000: must be positive"},
		{name: "watch max must be positive", env: map[string]string{"WATCH_MAX": "0"}, wantErr: "must be positive"},
		{name: "watches per user must be positive", env: map[string]string{"WATCH_MAX_PER_USER": "0"}, wantErr: "watch-max-per-user 0: must be positive"},
		{name: "the review budget must be positive", args: []string{"--authz-user-qps", "0"}, wantErr: "authz-user-qps 0, authz-user-burst 100: must be positive"},
		{name: "large-body decodes must be positive", args: []string{"--large-body-decodes", "0"}, wantErr: "large-body-decodes 0: must be positive"},
		{name: "log limits must be positive", env: map[string]string{"LOG_TIMEOUT": "0s"}, wantErr: "log-reads-per-user 4, log-timeout 0s, log-max-tail-lines 10000: must be positive"},
		{name: "metrics port out of range", args: []string{"--metrics-bind-address", ":0"}, wantErr: "port must be between 1 and 65535"},
		{name: "metrics on the API listener", args: []string{"--metrics-bind-address", "127.0.0.1:4000"}, wantErr: "must differ from the API listener"},
		{name: "an unknown swagger scheme", env: map[string]string{"SWAGGER_SCHEME": "ftp"}, wantErr: `swagger-scheme "ftp": must be http or https`},
		{name: "a relative swagger base path", args: []string{"--swagger-base-path", "api"}, wantErr: `swagger-base-path "api": must start with /`},
		{name: "an empty number is invalid, naming the variable", env: map[string]string{"PORT": ""}, wantErr: `environment variable PORT="": invalid value`},
		{name: "an empty boolean is invalid", env: map[string]string{"SWAGGER_ENABLED": ""}, wantErr: `environment variable SWAGGER_ENABLED="": invalid value`},
		{
			name: "Open Data Hub's token settings, with an empty prefix",
			env:  map[string]string{"AUTH_METHOD": "user_token", "AUTH_TOKEN_HEADER": "x-forwarded-access-token", "AUTH_TOKEN_PREFIX": ""},
			check: func(t *testing.T, c Config) {
				if c.AuthMethod != AuthMethodUserToken || c.AuthTokenHeader != "x-forwarded-access-token" || c.AuthTokenPrefix != "" {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "Open Data Hub's token settings as flags",
			args: []string{"--auth-method=user_token", "--auth-token-header=x-forwarded-access-token", "--auth-token-prefix="},
			check: func(t *testing.T, c Config) {
				if c.AuthMethod != AuthMethodUserToken || c.AuthTokenHeader != "x-forwarded-access-token" || c.AuthTokenPrefix != "" {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "upstream proposal's ENABLE_TOKEN_AUTH and TOKEN_AUDIENCES select the token mode",
			env:  map[string]string{"ENABLE_TOKEN_AUTH": "true", "TOKEN_AUDIENCES": "workspaces, ,kubeflow"},
			check: func(t *testing.T, c Config) {
				if c.AuthMethod != AuthMethodUserToken || !reflect.DeepEqual(c.TokenAudiences, []string{"workspaces", "kubeflow"}) {
					t.Fatalf("got %+v", c)
				}
			},
		},
		{
			name: "ENABLE_TOKEN_AUTH=false leaves the header mode",
			env:  map[string]string{"ENABLE_TOKEN_AUTH": "false"},
			check: func(t *testing.T, c Config) {
				if c.AuthMethod != AuthMethodInternal {
					t.Fatalf("auth method %q", c.AuthMethod)
				}
			},
		},
		{
			name: "the audiences flag wins over TOKEN_AUDIENCES",
			args: []string{"--auth-method", "user_token", "--token-audiences", "a,b"},
			env:  map[string]string{"TOKEN_AUDIENCES": "c"},
			check: func(t *testing.T, c Config) {
				if !reflect.DeepEqual(c.TokenAudiences, []string{"a", "b"}) {
					t.Fatalf("audiences %q", c.TokenAudiences)
				}
			},
		},
		{name: "an unknown auth method", env: map[string]string{"AUTH_METHOD": "oauth"}, wantErr: `auth-method "oauth": must be internal or user_token`},
		{name: "ENABLE_TOKEN_AUTH contradicting AUTH_METHOD", env: map[string]string{"ENABLE_TOKEN_AUTH": "true", "AUTH_METHOD": "internal"}, wantErr: `ENABLE_TOKEN_AUTH=true contradicts auth-method "internal"`},
		{name: "ENABLE_TOKEN_AUTH contradicting the flag", args: []string{"--auth-method", "internal"}, env: map[string]string{"ENABLE_TOKEN_AUTH": "1"}, wantErr: "contradicts"},
		{name: "an invalid ENABLE_TOKEN_AUTH", env: map[string]string{"ENABLE_TOKEN_AUTH": "yes"}, wantErr: `ENABLE_TOKEN_AUTH="yes": invalid value`},
		{name: "audiences without the token mode", env: map[string]string{"TOKEN_AUDIENCES": "workspaces"}, wantErr: "token-audiences: only with auth-method user_token"},
		{name: "an empty token header in the token mode", args: []string{"--auth-method", "user_token", "--auth-token-header", ""}, wantErr: "auth-token-header: must not be empty"},
		{name: "unknown access log setting", env: map[string]string{"ACCESS_LOG": "some"}, wantErr: `access-log "some": must be default or all`},
		{name: "negative slow threshold", args: []string{"--access-log-slow", "-1s"}, wantErr: "access-log-slow -1s: must not be negative"},
		{name: "the production command has no development flags", args: []string{"--dev-dir", "x"}, wantErr: "flag provided but not defined: -dev-dir"},
		{name: "nor a --dev switch", args: []string{"--dev"}, wantErr: "flag provided but not defined: -dev"},
		{name: "unknown log format", args: []string{"--log-format", "xml"}, wantErr: `log-format "xml": must be text or json`},
		{name: "unknown log level", args: []string{"--log-level", "chatty"}, wantErr: "log-level"},
		{name: "invalid LOG_LEVEL is an error", env: map[string]string{"LOG_LEVEL": "chatty"}, wantErr: `LOG_LEVEL="chatty": invalid value`},
		{name: "invalid PORT is an error, not a fallback", env: map[string]string{"PORT": "abc"}, wantErr: `PORT="abc": invalid value`},
		{name: "invalid SWAGGER_ENABLED is an error", env: map[string]string{"SWAGGER_ENABLED": "yes please"}, wantErr: "SWAGGER_ENABLED"},
		{name: "invalid CLIENT_QPS is an error", env: map[string]string{"CLIENT_QPS": "fast"}, wantErr: "CLIENT_QPS"},
		{name: "port out of range", args: []string{"--port", "70000"}, wantErr: "port 70000: must be between 1 and 65535"},
		{name: "zero qps", args: []string{"--client-qps", "0"}, wantErr: "client-qps 0: must be greater than 0"},
		{name: "zero burst", args: []string{"--client-burst", "0"}, wantErr: "client-burst 0: must be at least 1"},
		{name: "empty user header", args: []string{"--userid-header", " "}, wantErr: "userid-header: must not be empty"},
		{name: "relative proxy prefix", args: []string{"--proxy-url-prefix", "workspaces"}, wantErr: "must start with /"},
		{name: "bad bind address", args: []string{"--bind-address", "localhost"}, wantErr: "not an IP address"},
		{name: "unknown flag", args: []string{"--nope"}, wantErr: "flag provided but not defined: -nope"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected arguments: serve"},
		{name: "several errors are reported together", args: []string{"--port", "0", "--client-burst", "0"}, wantErr: "client-burst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookupEnv := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			c, err := Parse(tt.args, lookupEnv, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			tt.check(t, c)
		})
	}
}

// TestLogValueNamesEveryField makes adding a Config field a decision about
// the startup log: LogValue lists fields by hand so that nothing secret is
// logged by accident.
func TestLogValueNamesEveryField(t *testing.T) {
	attrs := Config{}.LogValue().Group()
	if got, want := len(attrs), reflect.TypeFor[Config]().NumField(); got != want {
		t.Fatalf("LogValue logs %d attributes, Config has %d fields: add the new field to LogValue (or leave it out on purpose and adjust this test)", got, want)
	}
}

func TestLogValueIsStructured(t *testing.T) {
	c, err := Parse([]string{"--log-level", "debug"}, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("starting", "config", c)
	for _, want := range []string{"config.port=4000", "config.log-level=DEBUG", "config.write-visibility-timeout=3s", "config.userid-header=kubeflow-userid"} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("log line %q lacks %q", buf.String(), want)
		}
	}
}
