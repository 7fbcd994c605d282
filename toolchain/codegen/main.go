// Command pulumi-lync-codegen: a code-generation-only language plugin for `pulumi package gen-sdk`, installed as
// pulumi-language-python and pulumi-language-go (the name it is run under says which). The CLI v3.248.0 delegates SDK
// generation to a language plugin, and neither language's plugin module is served by the Go module proxy; this one
// answers only GeneratePackage (and GetPluginInfo), with the code generators of the CLI's own module
// (pkg/v3/codegen). It does not replace those plugins: running programs and `package add`'s Link stay unimplemented,
// and options the real plugins may pass to the generators (from their own flags or the project) are not read.
// tools/languages.ts builds it; README "Other languages".
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is the pkg/v3 module version this plugin is built from (go.mod).
const version = "3.248.0"

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
}

// GetPluginInfo answers the CLI's first question to any plugin: the version of the CLI whose generators it holds.
func (h *codegenHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *codegenHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	var files map[string][]byte
	switch h.language {
	case "python":
		files, err = python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	case "go":
		files, err = gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
	default:
		err = fmt.Errorf("no code generator for %q", h.language)
	}
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, content, 0o600); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}

func main() {
	language := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &codegenHost{language: language})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language plugin: %v\n", err)
		os.Exit(1)
	}
	// The spawner reads the port from the first line.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "the language plugin stopped: %v\n", err)
		os.Exit(1)
	}
}
