"""The lync deployment from Python: the same stack config (`lync:deployment`) and outputs as the TypeScript program.

The deployment's values are plain (the component plans from them while the program runs); the PFX inputs, when a
gateway takes its certificate from one, are secrets from the stack config.
"""
import pulumi
import pulumi_lync as lync

config = pulumi.Config("lync")
deployment = lync.Deployment(
    "lync",
    deployment=config.require_object("deployment"),
    reverse_proxy_pfx=config.get_secret("agwPfx"),
    reverse_proxy_pfx_password=config.get_secret("agwPfxPassword"),
    issued_certificates=config.get_object("issuedCertificates"),
    legacy_name_aliases=False,
)

pulumi.export("tenants", deployment.tenants)
pulumi.export("certificates", deployment.certificate_requests)
pulumi.export("nameServers", deployment.name_servers)
pulumi.export("reverseProxyAddresses", deployment.reverse_proxy_addresses)
pulumi.export("warnings", deployment.warnings)
