package main

import (
	"fmt"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var (
	stringInput    = reflect.TypeOf((*pulumi.StringInput)(nil)).Elem()
	stringPtrInput = reflect.TypeOf((*pulumi.StringPtrInput)(nil)).Elem()
)

// argsFrom turns a plain value of the SDK (what the stack config unmarshals into, e.g. lync.DeploymentConfig) into
// its Args form (lync.DeploymentConfigArgs). The Args differ only where the spec accepts Outputs of other resources
// (addresses, resource groups, zone ids: pulumi.StringInput / StringPtrInput), so those strings are wrapped and the
// rest is copied field by field. A program that feeds such a field from another resource sets it on the result.
func argsFrom(plain reflect.Value, to reflect.Type) reflect.Value {
	switch {
	case to == stringInput:
		return reflect.ValueOf(pulumi.String(plain.String()))
	case to == stringPtrInput:
		if plain.IsNil() {
			return reflect.Zero(to)
		}
		return reflect.ValueOf(pulumi.StringPtr(plain.Elem().String()))
	case plain.Type().AssignableTo(to):
		return plain
	case to.Kind() == reflect.Ptr && plain.Kind() == reflect.Ptr:
		if plain.IsNil() {
			return reflect.Zero(to)
		}
		out := reflect.New(to.Elem())
		out.Elem().Set(argsFrom(plain.Elem(), to.Elem()))
		return out
	case to.Kind() == reflect.Slice && plain.Kind() == reflect.Slice:
		if plain.IsNil() {
			return reflect.Zero(to)
		}
		out := reflect.MakeSlice(to, plain.Len(), plain.Len())
		for i := 0; i < plain.Len(); i++ {
			out.Index(i).Set(argsFrom(plain.Index(i), to.Elem()))
		}
		return out
	case to.Kind() == reflect.Map && plain.Kind() == reflect.Map:
		if plain.IsNil() {
			return reflect.Zero(to)
		}
		out := reflect.MakeMapWithSize(to, plain.Len())
		for _, k := range plain.MapKeys() {
			out.SetMapIndex(k, argsFrom(plain.MapIndex(k), to.Elem()))
		}
		return out
	case to.Kind() == reflect.Struct && plain.Kind() == reflect.Struct:
		out := reflect.New(to).Elem()
		for i := 0; i < to.NumField(); i++ {
			if src := plain.FieldByName(to.Field(i).Name); src.IsValid() {
				out.Field(i).Set(argsFrom(src, to.Field(i).Type))
			}
		}
		return out
	}
	panic(fmt.Sprintf("argsFrom: no conversion from %s to %s", plain.Type(), to))
}
