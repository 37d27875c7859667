package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// apiDocsPage is the readable API reference, rendered from the same OpenAPI document clients get.
type apiDocsPage struct {
	basePage
	Description string
	Groups      []apiGroup
	Schemas     []apiSchema
}

type apiGroup struct {
	Tag        string
	Operations []apiOperation
}

type apiOperation struct {
	ID, Method, Path, Summary, Description, Body string
	Params                                       []apiField
	Responses                                    []apiField
}

type apiSchema struct {
	Name   string
	Fields []apiField
}

// apiField is a parameter, a response or a property: a name, a type and what it means.
type apiField struct {
	Name, In, Type, Doc string
	Required            bool
}

// apiDocs renders the API reference. It is public, like the OpenAPI document itself.
func (h *handler) apiDocs(w http.ResponseWriter, r *http.Request) {
	doc := h.api.OpenAPI()
	page := &apiDocsPage{basePage: basePage{Title: "API reference"}, Description: doc.Info.Description}
	groups := map[string]*apiGroup{}
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
			if op == nil {
				continue
			}
			tag := "Other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			g := groups[tag]
			if g == nil {
				g = &apiGroup{Tag: tag}
				groups[tag] = g
			}
			g.Operations = append(g.Operations, describeOperation(method, path, op))
		}
	}
	for _, g := range groups {
		slices.SortFunc(g.Operations, func(a, b apiOperation) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
		})
		page.Groups = append(page.Groups, *g)
	}
	slices.SortFunc(page.Groups, func(a, b apiGroup) int { return cmp.Compare(a.Tag, b.Tag) })
	for name, s := range doc.Components.Schemas.Map() {
		sc := apiSchema{Name: name}
		for prop, ps := range s.Properties {
			sc.Fields = append(sc.Fields, apiField{Name: prop, Type: typeOf(ps), Doc: ps.Description, Required: slices.Contains(s.Required, prop)})
		}
		slices.SortFunc(sc.Fields, func(a, b apiField) int { return cmp.Compare(a.Name, b.Name) })
		page.Schemas = append(page.Schemas, sc)
	}
	slices.SortFunc(page.Schemas, func(a, b apiSchema) int { return cmp.Compare(a.Name, b.Name) })
	h.render(w, r, http.StatusOK, "apidocs", page)
}

func describeOperation(method, path string, op *huma.Operation) apiOperation {
	o := apiOperation{ID: op.OperationID, Method: method, Path: path, Summary: op.Summary, Description: op.Description}
	for _, p := range op.Parameters {
		o.Params = append(o.Params, apiField{Name: p.Name, In: p.In, Type: typeOf(p.Schema), Doc: p.Description, Required: p.Required})
	}
	if op.RequestBody != nil {
		for ct, mt := range op.RequestBody.Content {
			o.Body = ct
			if mt.Schema != nil {
				o.Body += " — " + typeOf(mt.Schema)
			}
		}
	}
	for code, resp := range op.Responses {
		o.Responses = append(o.Responses, apiField{Name: code, Doc: resp.Description})
	}
	slices.SortFunc(o.Responses, func(a, b apiField) int { return cmp.Compare(a.Name, b.Name) })
	return o
}

// typeOf names a schema for people: a referenced schema by name, an array by its items.
func typeOf(s *huma.Schema) string {
	switch {
	case s == nil:
		return ""
	case s.Ref != "":
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	case s.Type == "array":
		return typeOf(s.Items) + "[]"
	case s.Format != "":
		return s.Type + " (" + s.Format + ")"
	}
	return s.Type
}
