package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"example.com/pulumi-lync/sdk/go/lync"
)

// program is the lync deployment from Go: the same stack config (`lync:deployment`) and outputs as the TypeScript
// program. The deployment's values are plain: the component plans from them while the program runs.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "lync")
	var spec lync.DeploymentConfigArgs
	cfg.RequireObject("deployment", &spec)
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
