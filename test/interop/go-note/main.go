// go-note: Go's golang.org/x/mod/sumdb/note (the reference implementation of C2SP signed notes,
// as Debian packages it) checking Tax Chain's checkpoint notes, and signing notes for Tax Chain's
// TypeScript verifier to check. Every command reads a note or a note text on stdin.
//
//	go-note verify <vkey>                          exit 0 and print the text if the note verifies
//	go-note sign <name> <seed hex>                 sign stdin's text with an Ed25519 (0x01) key
//	go-note cosign <log vkey> <name> <seed hex> <unix time>
//	                                               add a cosignature/v1 (0x04) to a note the log signed
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	check(err)
	args := os.Args[1:]
	switch {
	case len(args) == 2 && args[0] == "verify":
		verifier, err := note.NewVerifier(args[1])
		check(err)
		opened, err := note.Open(input, note.VerifierList(verifier))
		check(err)
		fmt.Print(opened.Text)
	case len(args) == 3 && args[0] == "sign":
		signer := ed25519Signer(args[1], seed(args[2]))
		signed, err := note.Sign(&note.Note{Text: string(input)}, signer)
		check(err)
		os.Stdout.Write(signed)
	case len(args) == 5 && args[0] == "cosign":
		verifier, err := note.NewVerifier(args[1])
		check(err)
		opened, err := note.Open(input, note.VerifierList(verifier))
		check(err)
		timestamp, err := strconv.ParseUint(args[4], 10, 63)
		check(err)
		signed, err := note.Sign(opened, cosigner{args[2], ed25519.NewKeyFromSeed(seed(args[3])), timestamp})
		check(err)
		os.Stdout.Write(signed)
	default:
		fmt.Fprintln(os.Stderr, "usage: go-note verify <vkey> | sign <name> <seed> | cosign <vkey> <name> <seed> <time>")
		os.Exit(2)
	}
}

func ed25519Signer(name string, seed []byte) note.Signer {
	public := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(name, public)
	check(err)
	hash := strings.Split(vkey, "+")[1]
	skey := "PRIVATE+KEY+" + name + "+" + hash + "+" + base64.StdEncoding.EncodeToString(append([]byte{1}, seed...))
	signer, err := note.NewSigner(skey)
	check(err)
	return signer
}

// cosigner signs c2sp.org/tlog-cosignature v1: the key ID has type byte 0x04, the signed message is
// "cosignature/v1\ntime <t>\n" followed by the note text, the signature is u64 time || Ed25519.
type cosigner struct {
	name      string
	key       ed25519.PrivateKey
	timestamp uint64
}

func (c cosigner) Name() string { return c.name }

func (c cosigner) KeyHash() uint32 {
	h := sha256.New()
	h.Write([]byte(c.name + "\n"))
	h.Write([]byte{4})
	h.Write(c.key.Public().(ed25519.PublicKey))
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func (c cosigner) Sign(text []byte) ([]byte, error) {
	var message bytes.Buffer
	fmt.Fprintf(&message, "cosignature/v1\ntime %d\n", c.timestamp)
	message.Write(text)
	signature := binary.BigEndian.AppendUint64(nil, c.timestamp)
	return append(signature, ed25519.Sign(c.key, message.Bytes())...), nil
}

func seed(text string) []byte {
	bytes, err := hex.DecodeString(text)
	check(err)
	if len(bytes) != ed25519.SeedSize {
		check(fmt.Errorf("a seed is %d bytes", ed25519.SeedSize))
	}
	return bytes
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-note:", err)
		os.Exit(1)
	}
}
