//go:build lab

// The lab driver (go build -tags lab): deploys program to the lab as an Automation API inline program, so no Go
// language host is needed: `up`, the stack's state to a file, then `destroy` and the stack removed.
// tests/languages/engine/deploy.test.ts runs it with the lab's environment (backend, PULUMI_HOME, plugins on PATH).
//
// Usage: lync-lab WORKDIR STACK CONFIG_JSON STATE_OUT
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

func main() {
	if err := lab(context.Background(), os.Args[1], os.Args[2], os.Args[3], os.Args[4]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func lab(ctx context.Context, workDir, stackName, configFile, stateOut string) error {
	raw, err := os.ReadFile(configFile)
	if err != nil {
		return err
	}
	var config auto.ConfigMap
	if err := json.Unmarshal(raw, &config); err != nil {
		return err
	}
	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "lync", program, auto.WorkDir(workDir))
	if err != nil {
		return err
	}
	if err := stack.SetAllConfig(ctx, config); err != nil {
		return err
	}
	up, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
	if err != nil {
		return err
	}
	fmt.Printf("update summary: %s %v\n", up.Summary.Result, up.Summary.ResourceChanges)
	state, err := stack.Export(ctx)
	if err != nil {
		return err
	}
	if err := os.WriteFile(stateOut, state.Deployment, 0o600); err != nil {
		return err
	}
	if _, err := stack.Destroy(ctx); err != nil {
		return err
	}
	return stack.Workspace().RemoveStack(ctx, stackName)
}
