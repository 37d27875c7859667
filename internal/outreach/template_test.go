package outreach

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	vars := Vars{"creator.first_name": "Mai", "product.name": "Glow Serum", "creator.region": ""}
	tests := []struct {
		name, src, want string
		missing         []string
	}{
		{"plain text", "Hello!", "Hello!", nil},
		{"variable", "Hi {{creator.first_name}}!", "Hi Mai!", nil},
		{"spaces inside braces", "Hi {{ creator.first_name\t}}!", "Hi Mai!", nil},
		{"fallback unused", `Hi {{creator.first_name | "there"}}`, "Hi Mai", nil},
		{"fallback used", `Hi {{creator.tier | "friend"}}`, "Hi friend", nil},
		{"empty value uses fallback", `{{creator.region|"your area"}}`, "your area", nil},
		{"empty fallback is a fallback", `Hi{{creator.tier | ""}}!`, "Hi!", nil},
		{"missing", "Hi {{creator.tier}} {{creator.handle}} {{creator.tier}}", "Hi   ", []string{"creator.tier", "creator.handle"}},
		{"escaped braces", `Write {{"{{"}}creator.name}} to use a name`, "Write {{creator.name}} to use a name", nil},
		{"quoted text", `{{ "}}" }} and {{"a\"b\\c"}}`, `}} and a"b\c`, nil},
		{"fallback with braces and bar", `{{creator.tier | "a }} | b"}}`, "a }} | b", nil},
		{"lone closing braces are text", "}} {", "}} {", nil},
		{"unicode", "Chào {{creator.first_name}} ✨", "Chào Mai ✨", nil},
		{"multi-line", "Hi {{creator.first_name}},\n\n{{product.name}} is here.", "Hi Mai,\n\nGlow Serum is here.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate(tt.src)
			if err != nil {
				t.Fatalf("ParseTemplate(%q): %v", tt.src, err)
			}
			got, missing := tmpl.Render(vars)
			if got != tt.want || !reflect.DeepEqual(missing, tt.missing) {
				t.Errorf("Render(%q) = %q, missing %q; want %q, missing %q", tt.src, got, missing, tt.want, tt.missing)
			}
			if tmpl.Source() != tt.src {
				t.Errorf("Source() = %q", tmpl.Source())
			}
		})
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each error's text, in order
		names     []string // each error's Name
	}{
		{"unknown variable with suggestion", "Hi {{creator.frist_name}}",
			[]string{`line 1:6: unknown variable "creator.frist_name" (did you mean creator.first_name?)`}, []string{"creator.frist_name"}},
		{"unknown leaf under no group", "Hi {{ first_name }}",
			[]string{`line 1:7: unknown variable "first_name" (did you mean creator.first_name?)`}, []string{"first_name"}},
		{"unknown without suggestion", "{{shop.owner_phone_number}}",
			[]string{`line 1:3: unknown variable "shop.owner_phone_number"`}, []string{"shop.owner_phone_number"}},
		{"unclosed at end", "Hi {{creator.name",
			[]string{`line 1:4: unclosed {{ before the end of the line: close it with }}, or write {{"{{"}} for literal braces`}, []string{"creator.name"}},
		{"unclosed before newline", "Hi {{creator.name\nBye }}",
			[]string{`line 1:4: unclosed {{ before the end of the line: close it with }}, or write {{"{{"}} for literal braces`}, []string{"creator.name"}},
		{"bare open braces", "a {{",
			[]string{`line 1:3: unclosed {{ before the end of the line: close it with }}, or write {{"{{"}} for literal braces`}, []string{"{{"}},
		{"empty name", "x {{ }} y",
			[]string{`line 1:3: empty variable name in {{ }}; write a variable such as {{creator.first_name}}`}, []string{"{{"}},
		{"empty name with fallback", `{{ | "x"}}`,
			[]string{`line 1:1: empty variable name in {{ }}; write a variable such as {{creator.first_name}}`}, []string{"{{"}},
		{"bad name", "{{ créateur }}",
			[]string{`line 1:4: "créateur" is not a variable name; names look like creator.first_name`}, []string{"créateur"}},
		{"unquoted fallback", "{{creator.first_name | there}}",
			[]string{`line 1:24: the fallback of creator.first_name must be a quoted text, as in {{creator.first_name | "there"}}; found "there"`}, []string{"creator.first_name"}},
		{"unterminated fallback", `{{creator.first_name | "there}}`,
			[]string{`line 1:24: unterminated quoted text in the {{ }} at line 1:1: end it with "`}, []string{`"`}},
		{"junk after name", "{{creator.first_name creator.name}}",
			[]string{`line 1:22: unexpected "creator.name" after creator.first_name: expected }} or | "fallback"`}, []string{"creator.first_name"}},
		{"all errors, with lines and columns", "Hello {{creator.frist_name}},\n\n  your {{producct.name}} and {{creator.name",
			[]string{
				`line 1:9: unknown variable "creator.frist_name" (did you mean creator.first_name?)`,
				`line 3:10: unknown variable "producct.name" (did you mean product.name?)`,
				`line 3:30: unclosed {{ before the end of the line: close it with }}, or write {{"{{"}} for literal braces`,
			}, []string{"creator.frist_name", "producct.name", "creator.name"}},
		{"columns count characters, not bytes", "Chào bạn {{x}}",
			[]string{`line 1:12: unknown variable "x"`}, []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate(tt.src)
			if err == nil {
				t.Fatalf("ParseTemplate(%q) = %v, want an error", tt.src, tmpl)
			}
			errs := TemplateErrors(err)
			var got, names []string
			for _, e := range errs {
				got = append(got, e.Error())
				names = append(names, e.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors of %q:\n got %q\nwant %q", tt.src, got, tt.want)
			}
			if !reflect.DeepEqual(names, tt.names) {
				t.Errorf("names of %q: got %q, want %q", tt.src, names, tt.names)
			}
			if err.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("err.Error() = %q", err.Error())
			}
		})
	}
}

// TestEveryVariableParses: each name in the table is accepted and documented.
func TestEveryVariableParses(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Variables {
		if seen[v.Name] {
			t.Errorf("%s is listed twice", v.Name)
		}
		seen[v.Name] = true
		if v.Description == "" || v.Example == "" {
			t.Errorf("%s needs a description and an example", v.Name)
		}
		tmpl, err := ParseTemplate("{{" + v.Name + "}}")
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		if got, _ := tmpl.Render(Vars{v.Name: v.Example}); got != v.Example {
			t.Errorf("%s renders %q", v.Name, got)
		}
	}
}

func TestTemplateNamesAndUses(t *testing.T) {
	tmpl := MustParseTemplate(`{{creator.name}} {{product.name | "it"}} {{creator.name}} {{"{{"}}links.unsubscribe}}`)
	if got, want := tmpl.Names(), []string{"creator.name", "product.name"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	if !tmpl.Uses("product.name") || tmpl.Uses("links.unsubscribe") {
		t.Errorf("Uses: product.name %v, links.unsubscribe %v", tmpl.Uses("product.name"), tmpl.Uses("links.unsubscribe"))
	}
	var zero *Template
	if out, missing := zero.Render(nil); out != "" || missing != nil {
		t.Errorf("nil template renders %q %q", out, missing)
	}
}

func TestCheckForChannel(t *testing.T) {
	long := strings.Repeat("ả", 2001)
	tests := []struct {
		name, channel, subject, body string
		want                         string // "" for no error
	}{
		{"email ok", "email", "Hi {{creator.first_name | \"there\"}}", "Body {{links.unsubscribe}}", ""},
		{"email ok without unsubscribe", "email", "Hi", "Body", ""},
		{"email needs a subject", "email", " ", "Body", "an email needs a subject"},
		{"email subject one line", "email", "a\nb", "Body", "the subject must be a single line"},
		{"im ok at the limit", "tiktok_im", "", strings.Repeat("a", 2000), ""},
		{"im too long", "tiktok_im", "", long, "the message has 2001 characters; TikTok IM allows 2000"},
		{"im no subject", "tiktok_im", "Hello", "Body", "TikTok IM messages have no subject: leave it empty"},
		{"im no unsubscribe link", "tiktok_im", "", "Stop: {{links.unsubscribe}}", "TikTok IM messages cannot use links.unsubscribe: it exists for email only"},
		{"discord too long", "discord", "", long, "the message has 2001 characters; Discord allows 2000"},
		{"discord empty", "discord", "", " \n", "the message body is empty"},
		{"parse errors name the part", "email", "Hi {{creator.nme}}", "{{x}}",
			"subject: line 1:6: unknown variable \"creator.nme\" (did you mean creator.name?)\nbody: line 1:3: unknown variable \"x\""},
		{"unknown channel", "sms", "", "Hi", `unknown channel "sms": use tiktok_im, email or discord`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckForChannel(tt.channel, tt.subject, tt.body)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("CheckForChannel(%s) = %q, want %q", tt.channel, got, tt.want)
			}
		})
	}
	// A rendered message may contain braces from a creator's name: only the shape is checked.
	if err := CheckRendered("tiktok_im", "", "Hi {{weird}} name"); err != nil {
		t.Errorf("CheckRendered: %v", err)
	}
	if err := CheckRendered("discord", "", long); err == nil {
		t.Errorf("CheckRendered accepted %d characters", len([]rune(long)))
	}
}

func TestVarsFor(t *testing.T) {
	c := CreatorInfo{DisplayName: "✨Mai Nguyen✨", Handle: "@mai.nguyen", Followers: 12_399, Region: "US", Tier: "Gold", GMV30d: 125_000, Currency: "USD"}
	p := &ProductInfo{Name: "Glow Serum", Price: 2_499, Currency: "USD", Link: "https://shop.example/p/1", CommissionBP: 1_500}
	s := SenderInfo{Name: "Linh", Company: "Acme Beauty"}
	got := VarsFor(c, p, s, map[string]string{"campaign.name": "Summer", "links.unsubscribe": "https://u", "product.link": "https://promo", "creator.tier": ""})
	want := Vars{
		"creator.first_name": "Mai", "creator.name": "✨Mai Nguyen✨", "creator.handle": "mai.nguyen",
		"creator.followers": "12.3K", "creator.region": "US", "creator.gmv_30d": "$1,250",
		"product.name": "Glow Serum", "product.price": "$24.99", "product.link": "https://promo",
		"commission.rate": "15%", "commission.example": "$3.75", "sender.name": "Linh",
		"sender.company": "Acme Beauty", "campaign.name": "Summer", "links.unsubscribe": "https://u",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("VarsFor:\n got %v\nwant %v", got, want)
	}
	for name := range got {
		if _, ok := LookupVariable(name); !ok {
			t.Errorf("VarsFor sets %q, which is not in Variables", name)
		}
	}
	// No product, no handle-derived name: those variables have no value.
	got = VarsFor(CreatorInfo{Handle: "beautybymai99"}, nil, SenderInfo{}, nil)
	if want := (Vars{"creator.name": "@beautybymai99", "creator.handle": "beautybymai99"}); !reflect.DeepEqual(got, want) {
		t.Errorf("VarsFor(handle only) = %v, want %v", got, want)
	}
	// VND has no minor units; IDR keeps 2 but whole amounts drop them.
	got = VarsFor(CreatorInfo{}, &ProductInfo{Price: 125_000, Currency: "VND", CommissionBP: 1_250}, SenderInfo{}, nil)
	if got["product.price"] != "₫125.000" || got["commission.example"] != "₫15.625" || got["commission.rate"] != "12.5%" {
		t.Errorf("VND product: %v", got)
	}
}

func TestFirstName(t *testing.T) {
	tests := []struct {
		c    CreatorInfo
		want string
	}{
		{CreatorInfo{FirstName: "Jo", DisplayName: "Joanna Smith"}, "Jo"},
		{CreatorInfo{DisplayName: "Joanna Smith"}, "Joanna"},
		{CreatorInfo{DisplayName: "joanna smith"}, "Joanna"},
		{CreatorInfo{DisplayName: "JOANNA"}, "Joanna"},
		{CreatorInfo{DisplayName: "McKenzie Lee"}, "McKenzie"},
		{CreatorInfo{DisplayName: "💄 Beauty with Mai"}, "Beauty"},
		{CreatorInfo{DisplayName: "The Glow Shop"}, ""},
		{CreatorInfo{DisplayName: "Official Store"}, ""},
		{CreatorInfo{DisplayName: "Nguyễn Thị Mai", Language: "vi-VN"}, "Mai"},
		{CreatorInfo{DisplayName: "Nguyễn Thị Mai", Language: "en"}, "Nguyễn"},
		{CreatorInfo{DisplayName: "🔥🔥", Handle: "mai_nguyen"}, "Mai"},
		{CreatorInfo{Handle: "@mai.nguyen"}, "Mai"},
		{CreatorInfo{Handle: "beautybymai99"}, ""},
		{CreatorInfo{Handle: "m.nguyen"}, ""},
		{CreatorInfo{Handle: "mai99.x"}, ""},
		{CreatorInfo{Handle: "the.glow"}, ""},
	}
	for _, tt := range tests {
		if got := firstNameOf(tt.c); got != tt.want {
			t.Errorf("firstNameOf(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestCompactCount(t *testing.T) {
	for n, want := range map[int64]string{
		950: "950", 9_876: "9,876", 12_399: "12.3K", 12_000: "12K", 123_456: "123K",
		999_999: "999K", 1_000_000: "1M", 1_250_000: "1.2M", 250_000_000: "250M", 3_400_000_000: "3.4B",
	} {
		if got := compactCount(n); got != want {
			t.Errorf("compactCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// ExampleTemplate_Render is the preview the editor shows for a real creator.
func ExampleTemplate_Render() {
	tmpl, err := ParseTemplate(`Hi {{creator.first_name | "there"}}, I'm {{sender.name}} from {{sender.company}}.
{{product.name}} pays {{commission.rate}}: {{commission.example}} on every sale.`)
	if err != nil {
		fmt.Println(err)
		return
	}
	vars := VarsFor(
		CreatorInfo{DisplayName: "Mai Nguyen", Handle: "mai.nguyen"},
		&ProductInfo{Name: "Glow Serum", Price: 2_499, Currency: "USD", CommissionBP: 1_500},
		SenderInfo{Name: "Linh", Company: "Acme Beauty"},
		nil,
	)
	out, missing := tmpl.Render(vars)
	fmt.Println(out)
	fmt.Println("missing:", missing)
	// Output:
	// Hi Mai, I'm Linh from Acme Beauty.
	// Glow Serum pays 15%: $3.75 on every sale.
	// missing: []
}

// FuzzParseTemplate: parsing never panics, errors always carry a position inside the text,
// and a parsed template renders without panicking.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{
		"", "Hi {{creator.first_name}}", `{{creator.first_name | "there"}}`, `{{"{{"}}`, "{{", "}}",
		"{{ | }}", `{{x | "a\"b"}}`, "{{creator.name\n}}", "{{{{creator.name}}}}", "Chào {{ạ}}", "\xff{{\xfe",
		`{{creator.tier|""}}{{ "\\" }}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := ParseTemplate(src)
		if err != nil {
			errs := TemplateErrors(err)
			if len(errs) == 0 {
				t.Fatalf("ParseTemplate(%q) error without a *TemplateError: %v", src, err)
			}
			lines := strings.Count(src, "\n") + 1
			for _, e := range errs {
				if e.Line < 1 || e.Line > lines || e.Col < 1 || e.Msg == "" {
					t.Fatalf("ParseTemplate(%q): bad position or message: %+v", src, e)
				}
			}
			return
		}
		vars := Vars{}
		for i, v := range Variables {
			if i%2 == 0 {
				vars[v.Name] = v.Example
			}
		}
		out, missing := tmpl.Render(vars)
		for _, m := range missing {
			if _, ok := LookupVariable(m); !ok {
				t.Fatalf("Render reports unknown missing %q", m)
			}
		}
		if !strings.Contains(src, "{{") && out != src {
			t.Fatalf("text without tags renders %q, want %q", out, src)
		}
	})
}
