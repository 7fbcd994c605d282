package main

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"example.com/pulumi-lync/sdk/go/lync"
)

// program is the lync deployment from Go: the same stack config (`lync:deployment`) and outputs as the TypeScript
// program. The config unmarshals into the SDK's plain type; argsFrom (spec.go) makes its Args of it.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "lync")
	var plain lync.DeploymentConfig
	cfg.RequireObject("deployment", &plain)
	spec := argsFrom(reflect.ValueOf(plain), reflect.TypeOf(lync.DeploymentConfigArgs{})).Interface().(lync.DeploymentConfigArgs)
	deployment, err := lync.NewDeployment(ctx, "lync", &lync.DeploymentArgs{
		Deployment:        spec,
		LegacyNameAliases: pulumi.BoolRef(false),
	})
	if err != nil {
		return err
	}
	ctx.Export("tenants", deployment.Tenants)
	ctx.Export("certificates", deployment.CertificateRequests)
	ctx.Export("nameServers", deployment.NameServers)
	ctx.Export("reverseProxyAddresses", deployment.ReverseProxyAddresses)
	ctx.Export("warnings", deployment.Warnings)
	return nil
}
