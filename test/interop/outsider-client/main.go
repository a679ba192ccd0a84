// outsider-client: a merchant's, a buyer company's and an official's client written from README.md,
// docs/spec and the three OpenAPI documents alone, in Go's standard library (no Tax Chain code):
// it makes valid tax IDs from the party schema's rules, registers a key with its proof of
// possession, signs RFC 8785 canonical JSON with Ed25519 to issue, void and credit, recomputes
// the check code from docs/spec/documents.md, then verifies, claims and completes as the buyer
// and reads the trail as an official. One line per step; exit 1 if any step is not as documented.
//
//	ADMIN_TOKEN=… ISSUING_URL=… REIMBURSEMENT_URL=… AUDIT_URL=… outsider-client
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// jcs is RFC 8785 for the values this client signs: objects, arrays, strings, bools, integers.
func jcs(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // ASCII member names: byte order is UTF-16 code unit order
		parts := []string{}
		for _, k := range keys {
			parts = append(parts, jcsString(k)+":"+jcs(x[k]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := []string{}
		for _, e := range x {
			parts = append(parts, jcs(e))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case string:
		return jcsString(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case int:
		return fmt.Sprint(x)
	case nil:
		return "null"
	}
	panic(fmt.Sprintf("jcs: %T", v))
}

func jcsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func sha(b []byte) []byte { h := sha256.Sum256(b); return h[:] }

var fail = false

func call(method, url, token string, body any) (int, map[string]any, string) {
	var rd io.Reader
	if body != nil {
		bs, _ := json.Marshal(body)
		rd = bytes.NewReader(bs)
	}
	req, _ := http.NewRequest(method, url, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	text, _ := io.ReadAll(res.Body)
	var m map[string]any
	json.Unmarshal(text, &m)
	return res.StatusCode, m, string(text)
}

func must(what string, want int, status int, text string) {
	if status != want {
		fmt.Printf("FAIL %s: %d (want %d) %s\n", what, status, want, text)
		fail = true
	} else {
		fmt.Printf("ok   %s: %d\n", what, status)
	}
}

const uscc = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var weights = []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// taxID makes a unified social credit code by the rules the party schema states: authority 9
// (market regulation), type 1, region 350100, a random organisation code, both check characters.
func taxID() string {
	b := make([]byte, 8)
	rand.Read(b)
	org, sum := "", 0
	for i, x := range b {
		c := string(uscc[int(x)%len(uscc)])
		v, _ := strconv.ParseInt(c, 36, 0)
		org += c
		sum += int(v) * []int{3, 7, 9, 10, 5, 8, 4, 2}[i]
	}
	switch check := 11 - sum%11; check {
	case 10:
		org += "X"
	case 11:
		org += "0"
	default:
		org += strconv.Itoa(check)
	}
	first17 := "91350100" + org
	sum = 0
	for i, c := range first17 {
		sum += strings.IndexRune(uscc, c) * weights[i]
	}
	return first17 + string(uscc[(31-sum%31)%31])
}

func main() {
	admin := os.Getenv("ADMIN_TOKEN")
	I, R, A := os.Getenv("ISSUING_URL"), os.Getenv("REIMBURSEMENT_URL"), os.Getenv("AUDIT_URL")
	seller, buyer := taxID(), taxID()
	s, _, t := call("POST", I+"/admin/parties", admin, map[string]any{"taxId": seller, "name": "Go 茶行", "roles": []string{"merchant"}})
	must("register merchant "+seller, 201, s, t)
	s, _, t = call("POST", I+"/admin/parties", admin, map[string]any{"taxId": buyer, "name": "Go Buyer", "roles": []string{"company"}})
	must("register company", 201, s, t)
	s, m, t := call("POST", I+"/admin/credentials", admin, map[string]any{"role": "merchant", "taxId": seller})
	must("merchant credential", 201, s, t)
	merchant, _ := m["token"].(string)
	s, m, t = call("POST", I+"/admin/credentials", admin, map[string]any{"role": "company", "taxId": buyer})
	must("company credential", 201, s, t)
	company, _ := m["token"].(string)
	s, m, t = call("POST", I+"/admin/credentials", admin, map[string]any{"role": "official", "label": "go"})
	must("official credential", 201, s, t)
	official, _ := m["token"].(string)

	pub, sec, _ := ed25519.GenerateKey(rand.Reader)
	keyID := hex.EncodeToString(sha(pub)[:16])
	keyDoc := map[string]any{"schema": "taxchain.key.v1", "taxId": seller, "keyId": keyID, "publicKey": hex.EncodeToString(pub)}
	sign := func(doc any) string { return hex.EncodeToString(ed25519.Sign(sec, []byte(jcs(doc)))) }
	s, m, t = call("POST", I+"/keys", merchant, map[string]any{"publicKey": hex.EncodeToString(pub), "signature": sign(keyDoc)})
	must("register key", 201, s, t)
	if m["keyId"] != keyID {
		fmt.Println("FAIL keyId", m["keyId"], keyID)
		fail = true
	}

	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	invoice := func(doc string, kind string, qty string) map[string]any {
		// 3 × 12.50 = 3750 fen, tax round_half_up(3750 × 0.13) = 487.5 → 488
		amount := map[string]string{"3": "3750", "1": "1250"}[qty]
		tax := map[string]string{"3": "488", "1": "163"}[qty]
		gross := map[string]string{"3": "4238", "1": "1413"}[qty]
		return map[string]any{
			"schema": "taxchain.invoice.v1", "kind": kind,
			"seller":         map[string]any{"taxId": seller, "name": "Go 茶行"},
			"buyer":          map[string]any{"taxId": buyer, "name": "Go Buyer"},
			"documentNumber": doc, "issueDate": today, "currency": "CNY",
			"lines":  []any{map[string]any{"description": "*茶*武夷岩茶 250 g", "quantity": qty, "unitPrice": "12.50", "taxRate": "0.13", "amount": amount, "tax": tax}},
			"totals": map[string]any{"net": amount, "tax": tax, "gross": gross},
			"keyId":  keyID,
		}
	}
	inv := invoice("GO-1", "invoice", "3")
	s, m, t = call("POST", I+"/invoices", merchant, map[string]any{"invoice": inv, "signature": sign(inv)})
	must("issue", 201, s, t)
	number, _ := m["invoiceNumber"].(string)
	checkCode, _ := m["checkCode"].(string)
	// check code, as docs/spec/documents.md defines it
	d := hex.EncodeToString(sha([]byte(jcs(inv))))
	digest := sha([]byte("taxchain.check-code.v1\n" + number + "\n" + d))
	mine := fmt.Sprintf("%06d", binary.BigEndian.Uint64(digest[:8])%1000000)
	if mine != checkCode {
		fmt.Println("FAIL check code", mine, checkCode)
		fail = true
	} else {
		fmt.Println("ok   check code recomputed", mine)
	}
	s, _, t = call("POST", I+"/invoices", merchant, map[string]any{"invoice": inv, "signature": sign(inv)})
	must("issue again (replay)", 200, s, t)

	spare := invoice("GO-2", "invoice", "3")
	s, m, t = call("POST", I+"/invoices", merchant, map[string]any{"invoice": spare, "signature": sign(spare)})
	must("issue spare", 201, s, t)
	spareNumber, _ := m["invoiceNumber"].(string)
	void := map[string]any{"schema": "taxchain.void.v1", "invoiceNumber": spareNumber, "sellerTaxId": seller, "reason": "wrong buyer", "keyId": keyID}
	s, _, t = call("POST", I+"/invoices/"+spareNumber+"/void", merchant, map[string]any{"document": void, "signature": sign(void)})
	must("void", 200, s, t)

	cn := invoice("GO-CN-1", "credit-note", "1")
	cn["creditedInvoiceNumber"] = number
	s, m, t = call("POST", I+"/invoices/"+number+"/credit-notes", merchant, map[string]any{"invoice": cn, "signature": sign(cn)})
	must("credit", 201, s, t)
	cnNumber, _ := m["invoiceNumber"].(string)

	for i := 0; i < 50; i++ {
		s, m, t = call("GET", R+"/invoices/"+number+"?checkCode="+checkCode, company, nil)
		if s != 503 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	must("buyer verifies", 200, s, t)
	fmt.Println("     verification:", strings.Join(keysOf(m), ","))
	s, m, t = call("POST", R+"/claims", company, map[string]any{"invoiceNumber": number, "checkCode": checkCode, "expenseReference": "EXP-GO-1"})
	must("claim", 201, s, t)
	claim, _ := m["claimId"].(string)
	s, _, t = call("POST", R+"/claims/"+claim+"/complete", company, nil)
	must("complete", 200, s, t)
	s, _, t = call("POST", R+"/claims", company, map[string]any{"invoiceNumber": number, "checkCode": checkCode})
	must("claim again", 409, s, t)
	fmt.Println("     ", t)
	s, _, t = call("GET", A+"/invoices/"+number+"/trail", official, nil)
	must("official trail", 200, s, t)
	s, _, t = call("GET", A+"/invoices/"+cnNumber+"/trail", official, nil)
	must("official trail of the credit note", 200, s, t)
	s, _, t = call("GET", I+"/invoices/"+number+"/proof", merchant, nil)
	must("proof", 200, s, t)
	if fail {
		os.Exit(1)
	}
}

func keysOf(m map[string]any) []string {
	k := []string{}
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}
