package safetext

import "reflect"

// Walk returns a deep copy of v with every exported string in it (fields,
// slice and map elements, through pointers; named string types too) passed
// through sink. It is how a whole snapshot is cleaned for JSON or the
// table: a field added later is cleaned without anyone remembering to.
// Unexported fields and non-string values are copied as they are.
func Walk[T any](v T, sink func(string) string) T {
	in := reflect.ValueOf(&v).Elem()
	out := reflect.New(in.Type()).Elem()
	walk(out, in, sink)
	return out.Interface().(T)
}

// walk sets dst (settable, of src's type) to a cleaned copy of src.
func walk(dst, src reflect.Value, sink func(string) string) {
	switch src.Kind() {
	case reflect.String:
		dst.SetString(sink(src.String()))
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		walk(p.Elem(), src.Elem(), sink)
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			walk(s.Index(i), src.Index(i), sink)
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			walk(dst.Index(i), src.Index(i), sink)
		}
	case reflect.Map:
		walkMap(dst, src, sink)
	case reflect.Struct:
		dst.Set(src) // unexported fields (time.Time's) as they are
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				walk(dst.Field(i), src.Field(i), sink)
			}
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		walk(e, src.Elem(), sink)
		dst.Set(e)
	default:
		dst.Set(src)
	}
}

// walkMap copies a map, cleaning its keys and values; of two keys that
// clean alike, one is kept (a snapshot holds no maps).
func walkMap(dst, src reflect.Value, sink func(string) string) {
	if src.IsNil() {
		return
	}
	m := reflect.MakeMapWithSize(src.Type(), src.Len())
	for it := src.MapRange(); it.Next(); {
		k := reflect.New(src.Type().Key()).Elem()
		walk(k, it.Key(), sink)
		e := reflect.New(src.Type().Elem()).Elem()
		walk(e, it.Value(), sink)
		m.SetMapIndex(k, e)
	}
	dst.Set(m)
}
