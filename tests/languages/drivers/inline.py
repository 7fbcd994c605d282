"""Deploys examples/python/__main__.py to the lab as an Automation API inline program (no Python language host):
`up`, then the stack's state to a file, then `destroy` and the stack removed. tests/languages/engine/deploy.test.ts
runs it with the lab's environment (backend, PULUMI_HOME, plugins on PATH).

Usage: inline.py PROGRAM WORKDIR STACK CONFIG_JSON STATE_OUT
  CONFIG_JSON: {"lync:deployment": {"value": "...", "secret": false}, ...}
"""
import json
import runpy
import sys

from pulumi import automation as auto


def main(program: str, work_dir: str, stack_name: str, config_file: str, state_out: str) -> None:
    with open(config_file, encoding="utf-8") as f:
        config = json.load(f)
    stack = auto.create_or_select_stack(
        stack_name=stack_name,
        project_name="lync",
        program=lambda: runpy.run_path(program),
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir, project_settings=auto.ProjectSettings(name="lync", runtime="python")),
    )
    stack.set_all_config({k: auto.ConfigValue(value=v["value"], secret=v.get("secret", False)) for k, v in config.items()})
    up = stack.up(on_output=print)
    print(f"update summary: {up.summary.result} {up.summary.resource_changes}")
    with open(state_out, "w", encoding="utf-8") as f:
        json.dump(stack.export_stack().deployment, f)
    stack.destroy(on_output=print)
    stack.workspace.remove_stack(stack_name)


if __name__ == "__main__":
    main(*sys.argv[1:])
