#!/usr/bin/env python3
"""Tax Chain verifier written from docs/spec alone (Python 3 standard library, no project code).

Usage: python3 verify.py <docs/spec/vectors dir>
Runs every vector: valid ones must verify, invalid ones must fail with the check they name.
Prints one line per failure and a summary; exits 1 when any vector disagrees.

python3 verify.py --bundle-verdicts <file>: prints, as a JSON array, the verdict ('ok' or the
first failing check) of each bundle of {"authority": {"keys": [...]}, "bundles": [...]}."""
import base64, hashlib, hmac, json, re, sys

# ---- encoding.md: hex, timestamps, canonical JSON ---------------------------------------------
MAX_INT = 2**53 - 1
ZERO_HASH = '0' * 64
EMPTY_ROOT = hashlib.sha256(b'').hexdigest()


def is_hex(v, n):
    return isinstance(v, str) and len(v) == n and re.fullmatch('[0-9a-f]*', v) is not None


def is_int(v):
    return type(v) is int and 0 <= v <= MAX_INT


def is_text(v):
    return isinstance(v, str) and len(v) > 0


def is_timestamp(v):
    """encoding.md 'Timestamps': ASCII digits, years 0000 to 9999 of the proleptic Gregorian calendar."""
    m = isinstance(v, str) and re.fullmatch(
        r'([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.[0-9]{3}Z', v)
    if not m: return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= month <= 12 and 1 <= day <= days[month - 1] and hour < 24 and minute < 60 and second < 60


class Refused(Exception):
    pass


def _jcs_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF:
            raise Refused('lone surrogate')
        if ch == '"': out.append('\\"')
        elif ch == '\\': out.append('\\\\')
        elif ch == '\b': out.append('\\b')
        elif ch == '\f': out.append('\\f')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20: out.append('\\u%04x' % o)
        else: out.append(ch)
    out.append('"')
    return ''.join(out)


def _utf16_key(name):
    return name.encode('utf-16-be')


def jcs(v):
    """RFC 8785 text of a JSON value (integers only: every number this spec defines is one)."""
    if v is None: return 'null'
    if v is True: return 'true'
    if v is False: return 'false'
    if type(v) is int:
        if abs(v) > MAX_INT: raise Refused('number outside I-JSON')
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float('inf'), float('-inf')): raise Refused('not a finite number')
        if v.is_integer() and abs(v) < 1e21: return str(int(v))
        raise Refused('fractional numbers are not used by spec v1')
    if isinstance(v, str): return _jcs_string(v)
    if isinstance(v, list): return '[' + ','.join(jcs(x) for x in v) + ']'
    if isinstance(v, dict):
        names = sorted(v.keys(), key=_utf16_key)
        return '{' + ','.join(_jcs_string(k) + ':' + jcs(v[k]) for k in names) + '}'
    raise Refused('not JSON')


def jcs_bytes(v):
    return jcs(v).encode('utf-8')


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj: raise Refused('duplicate member ' + k)
        obj[k] = v
    return obj


def _number(text):
    """encoding.md: numbers are read by value, so 1.0 and 1e0 are the integer 1."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) <= MAX_INT else value


def load_json(path):
    """A received JSON file (vectors, bundles), its numbers read by value."""
    with open(path, encoding='utf-8') as f:
        return json.load(f, parse_float=_number)


def parse_json(text):
    """Parses I-JSON; raises Refused for anything else."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=lambda c: (_ for _ in ()).throw(Refused(c)))
    except (ValueError, RecursionError) as e:
        raise Refused(str(e))


# ---- encoding.md: Ed25519 (RFC 8032 §5.1, strict) ----------------------------------------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a; x2, y2, z2, t2 = b
    A = (y1 - x1) * (y2 - x2) % P; B = (y1 + x1) * (y2 + x2) % P
    C = t1 * 2 * D * t2 % P; Dd = z1 * 2 * z2 % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def _mul(s, p):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1: q = _add(q, p)
        p = _add(p, p); s >>= 1
    return q


def _encode(p):
    x, y, z, _ = p
    zi = pow(z, P - 2, P); x = x * zi % P; y = y * zi % P
    return int.to_bytes(y | ((x & 1) << 255), 32, 'little')


def _decode(b):
    """Canonical decoding only (encoding.md rule 3); None when not a canonical curve point."""
    if len(b) != 32: return None
    n = int.from_bytes(b, 'little'); sign = n >> 255; y = n & ((1 << 255) - 1)
    if y >= P: return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        if sign: return None
        x = 0
    else:
        x = pow(x2, (P + 3) // 8, P)
        if (x * x - x2) % P != 0: x = x * SQRT_M1 % P
        if (x * x - x2) % P != 0: return None
        if (x & 1) != sign: x = P - x
    return (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
BASE = _decode(int.to_bytes(_GY, 32, 'little'))
SMALL_ORDER = {bytes.fromhex(h) for h in (
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa')}


def ed25519_public(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], 'little')
    a &= (1 << 254) - 8; a |= 1 << 254
    return _encode(_mul(a, BASE))


def ed25519_verify(public, message, signature):
    """encoding.md 'Strict verification': never raises, answers True or False."""
    if len(signature) != 64 or len(public) != 32: return False
    s = int.from_bytes(signature[32:], 'little')
    if s >= L: return False
    A = _decode(public)
    if A is None or _decode(signature[:32]) is None or public in SMALL_ORDER: return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), 'little') % L
    neg_a = ((P - A[0]) % P, A[1], A[2], (P - A[3]) % P)
    return _encode(_add(_mul(s, BASE), _mul(k, neg_a))) == signature[:32]


def key_id(public):
    return hashlib.sha256(public).digest()[:16].hex()


# ---- documents.md: check code -----------------------------------------------------------------
def check_code(number, document_hash):
    digest = hashlib.sha256(('taxchain.check-code.v1\n%s\n%s' % (number, document_hash)).encode()).digest()
    return '%06d' % (int.from_bytes(digest[:8], 'big') % 1000000)


def expense_commitment(salt, reference):
    return hmac.new(salt, reference.encode('utf-8'), hashlib.sha256).hexdigest()


# ---- entries.md -------------------------------------------------------------------------------
HASHED = ('actor', 'actorSignature', 'chain', 'identity', 'kind', 'payloadHash', 'prevHash',
          'recordedAt', 'seq', 'subject')


def entry_well_formed(e):
    return (isinstance(e, dict) and is_int(e.get('chain')) and is_int(e.get('seq'))
            and is_hex(e.get('prevHash'), 64)
            and is_text(e.get('kind')) and is_text(e.get('subject')) and is_text(e.get('actor'))
            and is_hex(e.get('payloadHash'), 64)
            and (e.get('actorSignature', 0) is None or is_hex(e.get('actorSignature'), 128))
            and is_timestamp(e.get('recordedAt')) and is_text(e.get('identity')))


def hashed_document(e):
    doc = {k: e[k] for k in HASHED}
    doc['version'] = 1
    return jcs(doc)


def entry_hash(e):
    return hashlib.sha256(b'\x02' + hashed_document(e).encode('utf-8')).hexdigest()


def payload_ok(e):
    text = e.get('payload')
    if not isinstance(text, str): return False
    try:
        if jcs(parse_json(text)) != text: return False
        return hashlib.sha256(text.encode('utf-8')).hexdigest() == e['payloadHash']
    except (Refused, UnicodeEncodeError):
        return False


def verify_entry(e):
    if not entry_well_formed(e): return 'entry-malformed'
    try:
        if entry_hash(e) != e.get('entryHash'): return 'entry-hash-mismatch'
    except (Refused, UnicodeEncodeError):
        return 'entry-malformed'
    if not payload_ok(e): return 'payload-mismatch'
    return 'ok'


# ---- merkle.md --------------------------------------------------------------------------------
def leaf_hash(entry_hash_hex):
    return hashlib.sha256(b'\x00' + bytes.fromhex(entry_hash_hex)).digest()


def node_hash(l, r):
    return hashlib.sha256(b'\x01' + l + r).digest()


def mth(leaves):
    if not leaves: return hashlib.sha256(b'').digest()
    if len(leaves) == 1: return leaves[0]
    k = 1
    while k * 2 < len(leaves): k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def inclusion_path(index, leaves):
    if len(leaves) <= 1: return []
    k = 1
    while k * 2 < len(leaves): k *= 2
    if index < k: return inclusion_path(index, leaves[:k]) + [mth(leaves[k:])]
    return inclusion_path(index - k, leaves[k:]) + [mth(leaves[:k])]


def consistency_proof(m, leaves, complete=True):
    n = len(leaves)
    if m == n: return [] if complete else [mth(leaves)]
    k = 1
    while k * 2 < n: k *= 2
    if m <= k: return consistency_proof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return consistency_proof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def verify_inclusion(leaf, index, size, proof, root):
    if index >= size: return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0: return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            while fn % 2 == 0 and fn != 0: fn //= 2; sn //= 2
        else:
            r = node_hash(r, p)
        fn //= 2; sn //= 2
    return sn == 0 and r == root


def verify_consistency(m, n, proof, old_root, new_root):
    if m > n: return False
    if m == 0: return not proof and old_root == hashlib.sha256(b'').digest()
    if m == n: return not proof and old_root == new_root
    if not proof: return False
    path = ([old_root] if m & (m - 1) == 0 else []) + list(proof)
    fn, sn = m - 1, n - 1
    while fn % 2 == 1: fn //= 2; sn //= 2
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0: return False
        if fn % 2 == 1 or fn == sn:
            fr = node_hash(c, fr); sr = node_hash(c, sr)
            while fn % 2 == 0 and fn != 0: fn //= 2; sn //= 2
        else:
            sr = node_hash(sr, c)
        fn //= 2; sn //= 2
    return sn == 0 and fr == old_root and sr == new_root


# ---- checkpoints.md ---------------------------------------------------------------------------
BODY = ('version', 'chain', 'size', 'headHash', 'root', 'issuedAt', 'keyId')


def trusted_keys(authority):
    """checkpoints.md 'Authority keys': a listing with a wrong keyId is refused."""
    keys = {}
    for k in authority['keys']:
        pub = bytes.fromhex(k['publicKey'])
        if key_id(pub) != k['keyId']: raise Refused('authority listing with a wrong keyId')
        keys[k['keyId']] = pub
    return keys


def checkpoint_signed_bytes(c):
    return b'taxchain-checkpoint-v1\n' + jcs_bytes({k: c[k] for k in BODY})


def verify_checkpoint(c, keys):
    if not (isinstance(c, dict) and c.get('version') == 1 and type(c.get('version')) is int
            and is_int(c.get('chain')) and is_int(c.get('size')) and is_hex(c.get('headHash'), 64)
            and is_hex(c.get('root'), 64) and is_timestamp(c.get('issuedAt'))
            and is_hex(c.get('keyId'), 32) and is_hex(c.get('signature'), 128)):
        return 'checkpoint-malformed'
    if c['size'] == 0 and (c['headHash'] != ZERO_HASH or c['root'] != EMPTY_ROOT):
        return 'checkpoint-malformed'
    pub = keys.get(c['keyId'])
    if pub is None or key_id(pub) != c['keyId']: return 'checkpoint-unknown-key'
    if not ed25519_verify(pub, checkpoint_signed_bytes(c), bytes.fromhex(c['signature'])):
        return 'checkpoint-bad-signature'
    return 'ok'


# ---- checkpoint-notes.md ----------------------------------------------------------------------
def b64(text):
    """Standard padded base64 only; None for anything else."""
    if not re.fullmatch(r'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?', text):
        return None
    raw = base64.b64decode(text)
    return raw if base64.b64encode(raw).decode() == text else None


def parse_vkey(vkey, type_byte):
    name, hash_hex, key = vkey.split('+', 2)
    raw = b64(key)
    if raw is None or len(raw) != 33 or raw[0] != type_byte: raise Refused('vkey')
    kid = hashlib.sha256(name.encode() + b'\n' + raw).digest()[:4]
    if kid.hex() != hash_hex: raise Refused('vkey key ID differs')
    return name, kid, raw[1:]


def parse_note(note):
    """(text, [(name, raw signature)]) or None when note-malformed."""
    if not isinstance(note, str) or not note.endswith('\n'): return None
    try: note.encode('utf-8')
    except UnicodeEncodeError: return None
    if any(ord(ch) < 0x20 and ch != '\n' for ch in note): return None
    split = note.rfind('\n\n')
    if split < 0: return None
    text, sig_block = note[:split + 1], note[split + 2:]
    lines = sig_block[:-1].split('\n') if sig_block else []
    if not lines or len(lines) > 100: return None
    sigs = []
    for line in lines:
        m = re.fullmatch('\u2014 ([^ +]+) (\\S+)', line)
        raw = m and b64(m.group(2))
        if raw is None or len(raw) <= 4: return None
        sigs.append((m.group(1), raw))
    parts = text.split('\n')
    if len(parts) < 4 or parts[0] == '' or not re.fullmatch('0|[1-9][0-9]*', parts[1]):
        return None
    root = b64(parts[2])
    if root is None or len(root) != 32: return None
    return text, sigs


def verify_note(note, vkeys):
    parsed = parse_note(note)
    if parsed is None: return 'note-malformed'
    text, sigs = parsed
    origin = text.split('\n')[0]
    trusted = [parse_vkey(v, 1) for v in vkeys]
    mine = [(pub, raw) for name, raw in sigs for (vname, kid, pub) in trusted
            if name == vname == origin and raw[:4] == kid]
    if not mine: return 'note-unknown-key'
    for pub, raw in mine:
        if not ed25519_verify(pub, text.encode('utf-8'), raw[4:]): return 'note-bad-signature'
    return 'ok'


def cosignature_time(text, line_name, raw, witness_vkey):
    """The cosignature's timestamp when it is a valid cosignature by the witness, else None."""
    name, kid, pub = parse_vkey(witness_vkey, 4)
    if line_name != name or raw[:4] != kid or len(raw) != 4 + 8 + 64: return None
    t = int.from_bytes(raw[4:12], 'big')
    signed = ('cosignature/v1\ntime %d\n' % t).encode() + text.encode('utf-8')
    return t if ed25519_verify(pub, signed, raw[12:]) else None


# ---- proof-bundles.md -------------------------------------------------------------------------
def verify_bundle(b, keys):
    if not isinstance(b, dict) or not isinstance(b.get('entry'), dict) \
            or not isinstance(b.get('checkpoint'), dict) or not is_int(b.get('index')) \
            or not isinstance(b.get('inclusion'), list) \
            or not all(is_hex(p, 64) for p in b['inclusion']):
        return 'malformed'
    e, c = b['entry'], b['checkpoint']
    reason = verify_checkpoint(c, keys)
    if reason != 'ok': return reason
    if type(e.get('chain')) is not int or e['chain'] != c['chain']: return 'chain-mismatch'
    if not entry_well_formed(e): return 'entry-malformed'
    try:
        h = entry_hash(e)
    except (Refused, UnicodeEncodeError):
        return 'entry-malformed'
    if h != e.get('entryHash'): return 'entry-hash-mismatch'
    if e.get('payload', 0) is None: return 'payload-withheld'
    if not payload_ok(e): return 'payload-mismatch'
    if b['index'] != e['seq']: return 'index-mismatch'
    if b['index'] >= c['size']: return 'not-covered'
    if b['index'] == c['size'] - 1 and h != c['headHash']: return 'head-mismatch'
    if not verify_inclusion(leaf_hash(h), b['index'], c['size'],
                            [bytes.fromhex(p) for p in b['inclusion']], bytes.fromhex(c['root'])):
        return 'not-included'
    return 'ok'


# ---- qr.md ------------------------------------------------------------------------------------
QR_MEMBERS = {'v', 'n', 'd', 'c', 'g', 'cur', 's', 'b', 'h', 'chain', 'seq', 'u', 'k', 'sig'}


def _real_date(text):
    """YYYY-MM-DD in ASCII digits, a day that exists (Gregorian leap years)."""
    m = re.fullmatch(r'([0-9]{4})-([0-9]{2})-([0-9]{2})', text)
    if not m: return False
    y, mo, d = (int(x) for x in m.groups())
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= mo <= 12 and 1 <= d <= days[mo - 1]


def _qr_sig(text):
    """base64url without padding, 86 characters, the 4 unused bits zero: the 64 bytes, or None."""
    if not isinstance(text, str) or re.fullmatch(r'[A-Za-z0-9_-]{86}', text) is None: return None
    raw = base64.urlsafe_b64decode(text + '==')
    return raw if base64.urlsafe_b64encode(raw).decode().rstrip('=') == text else None


def qr_well_formed(q):
    text = lambda name, pattern: isinstance(q.get(name), str) and re.fullmatch(pattern, q[name]) is not None
    return (set(q) == QR_MEMBERS and type(q['v']) is int and q['v'] == 2
            and text('n', r'[0-9]{20}') and isinstance(q['d'], str) and _real_date(q['d'])
            and text('c', r'[0-9]{6}') and text('g', r'-?(0|[1-9][0-9]*)\.[0-9]{2}') and q['g'] != '-0.00'
            and text('cur', r'[A-Z]{3}') and is_text(q['s']) and is_text(q['b']) and is_hex(q['h'], 64)
            and is_int(q['chain']) and is_int(q['seq']) and text('u', r'https?://[^\s]+')
            and is_hex(q['k'], 32) and _qr_sig(q['sig']) is not None)


def qr_signed_bytes(statement):
    return b'taxchain-qr-v2\n' + jcs_bytes(statement)


def verify_qr(text, keys):
    """qr.md 'Verification', in its order: (reason, statement or None)."""
    try:
        q = parse_json(text)
    except Refused:
        return 'qr-malformed', None
    if not isinstance(q, dict): return 'qr-malformed', None
    if type(q.get('v')) is int and q['v'] == 1: return 'qr-unsigned', None
    if jcs_bytes(q) != text.encode('utf-8') or not qr_well_formed(q): return 'qr-malformed', None
    if q['k'] not in keys: return 'qr-unknown-key', None
    statement = {name: value for name, value in q.items() if name != 'sig'}
    if not ed25519_verify(keys[q['k']], qr_signed_bytes(statement), _qr_sig(q['sig'])):
        return 'qr-bad-signature', None
    return 'ok', statement


# ---- key-directory.md -------------------------------------------------------------------------
def _payload(bundle):
    return parse_json(bundle['entry']['payload'])


def _position(e):
    return {'chain': e['chain'], 'seq': e['seq'], 'recordedAt': e['recordedAt'], 'entryHash': e['entryHash']}


def verify_directory(answer, keys):
    """({'ok': [keys]} or {'fails': reason, 'proof': reason?})."""
    if not isinstance(answer, dict) or not isinstance(answer.get('taxId'), str) \
            or not isinstance(answer.get('keys'), list):
        return {'fails': 'malformed'}
    tax_id, out, seen = answer['taxId'], [], set()
    for k in answer['keys']:
        if not isinstance(k, dict) or not is_hex(k.get('keyId'), 32) \
                or not is_hex(k.get('publicKey'), 64) or k.get('status') not in ('active', 'revoked'):
            return {'fails': 'malformed'}
        reason = verify_bundle(k.get('registered'), keys)
        if reason != 'ok': return {'fails': 'registration-unproven', 'proof': reason}
        reg = k['registered']['entry']
        doc = _payload(k['registered']).get('document') if isinstance(_payload(k['registered']), dict) else None
        if reg['kind'] != 'key.registered' or reg['subject'] != 'key:' + k['keyId'] \
                or not isinstance(doc, dict):
            return {'fails': 'not-a-registration'}
        pub = bytes.fromhex(k['publicKey'])
        if key_id(pub) != k['keyId'] or doc.get('keyId') != k['keyId'] \
                or doc.get('publicKey') != k['publicKey']:
            return {'fails': 'key-mismatch'}
        if doc.get('taxId') != tax_id or reg['actor'] != 'merchant:' + tax_id:
            return {'fails': 'other-merchant'}
        if not is_hex(reg['actorSignature'], 128) or not ed25519_verify(
                pub, jcs_bytes(doc), bytes.fromhex(reg['actorSignature'])):
            return {'fails': 'bad-proof-of-possession'}
        revoked = k.get('revoked')
        if revoked is not None:
            reason = verify_bundle(revoked, keys)
            if reason != 'ok': return {'fails': 'revocation-unproven', 'proof': reason}
            rev, rp = revoked['entry'], _payload(revoked)
            if rev['kind'] != 'key.revoked' or rev['subject'] != 'key:' + k['keyId'] \
                    or not isinstance(rp, dict) or rp.get('keyId') != k['keyId'] \
                    or rp.get('taxId') != tax_id:
                return {'fails': 'not-a-revocation'}
            if rev['chain'] != reg['chain'] or rev['seq'] <= reg['seq']:
                return {'fails': 'revocation-out-of-order'}
        if (k['status'] == 'revoked') != (revoked is not None):
            return {'fails': 'status-mismatch'}
        if k['keyId'] in seen: return {'fails': 'duplicate-key'}
        seen.add(k['keyId'])
        last = (revoked or k['registered'])['checkpoint']
        out.append({'keyId': k['keyId'], 'publicKey': k['publicKey'], 'validFrom': _position(reg),
                    'validUntil': _position(revoked['entry']) if revoked else None,
                    'provenTo': {'chain': last['chain'], 'size': last['size'], 'issuedAt': last['issuedAt']}})
    return {'ok': out}


def verify_merchant_signature(bundle, directory, tax_id, keys):
    reason = verify_bundle(bundle, keys)
    if reason != 'ok': return 'entry-unproven'
    e, p = bundle['entry'], _payload(bundle)
    doc = p.get('document') if isinstance(p, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get('keyId'), str) or e['actorSignature'] is None:
        return 'unsigned'
    if e['actor'] != 'merchant:' + tax_id: return 'other-merchant'
    key = next((k for k in directory if k['keyId'] == doc['keyId']), None)
    if key is None: return 'unknown-key'
    if e['recordedAt'] < key['validFrom']['recordedAt']: return 'key-not-yet-valid'
    if key['validUntil'] and key['validUntil']['recordedAt'] < e['recordedAt']: return 'key-revoked'
    if not ed25519_verify(bytes.fromhex(key['publicKey']), jcs_bytes(doc), bytes.fromhex(e['actorSignature'])):
        return 'bad-signature'
    return 'ok'


# ---- the vectors ------------------------------------------------------------------------------
def run(vectors):
    failures, count = [], [0]

    def expect(where, got, want):
        count[0] += 1
        if got != want: failures.append('%s: got %r, want %r' % (where, got, want))

    def load(name):
        return load_json('%s/%s.json' % (vectors, name))

    def secret(label):
        return hashlib.sha256(label.encode('utf-8')).digest()

    docs = load('documents')
    mk = docs['merchantKey']
    expect('documents merchantKey', (ed25519_public(secret(mk['secretKeyLabel'])).hex(),
                                     key_id(bytes.fromhex(mk['publicKey']))), (mk['publicKey'], mk['keyId']))
    for v in docs['valid'] + docs['invalid']:
        where = 'documents %s' % v['name']
        want = v.get('fails', 'ok')
        text = jcs(v['document'])
        expect(where + ' signingInput', (text, hashlib.sha256(text.encode()).hexdigest()),
               (v['signingInput'], v['signingInputSha256']))
        ok = ed25519_verify(bytes.fromhex(v['publicKey']), text.encode('utf-8'), bytes.fromhex(v['signature']))
        expect(where, 'ok' if ok else 'bad-signature', want)
    for v in docs['checkCodes']:
        expect('check code %s' % v['number'], check_code(v['number'], v['documentHash']), v['checkCode'])
    expect('expense commitment example', expense_commitment(b'\x01' * 32, 'EXP-2026-11-0042'),
           '2249aafd856a319328e1ac74c2e4d42312bfd91d6960e376b73e3393add9d829')

    entries = load('entries')
    for v in entries['valid']:
        e, where = v['entry'], 'entries seq %d' % v['entry']['seq']
        expect(where + ' hashedDocument', hashed_document(e), v['hashedDocument'])
        expect(where + ' hashedBytesHex', (b'\x02' + hashed_document(e).encode()).hex(), v['hashedBytesHex'])
        expect(where + ' leafHash', leaf_hash(e['entryHash']).hex(), v['leafHash'])
        expect(where, verify_entry(e), 'ok')
    chain = [v['entry'] for v in entries['valid']]
    for i, e in enumerate(chain):
        expect('entries chain link %d' % i, e['prevHash'], chain[i - 1]['entryHash'] if i else ZERO_HASH)
    for v in entries['invalid']:
        expect('entries %s' % v['name'], verify_entry(v['entry']), v['fails'])

    merkle = load('merkle')
    leaves = [leaf_hash(h) for h in merkle['entryHashes']]
    expect('merkle leafHashes', [x.hex() for x in leaves], merkle['leafHashes'])
    roots = [mth(leaves[:n]).hex() for n in range(len(leaves) + 1)]
    expect('merkle roots', roots, merkle['roots'])
    for v in merkle['inclusion']:
        where = 'merkle inclusion %d/%d' % (v['index'], v['size'])
        expect(where + ' path', [x.hex() for x in inclusion_path(v['index'], leaves[:v['size']])], v['proof'])
        proof = [bytes.fromhex(p) for p in v['proof']]
        root = bytes.fromhex(roots[v['size']])
        expect(where, verify_inclusion(leaves[v['index']], v['index'], v['size'], proof, root), True)
        if proof:
            forged = proof[:-1] + [bytes(32)]
            expect(where + ' forged node', verify_inclusion(leaves[v['index']], v['index'], v['size'], forged, root), False)
    for v in merkle['consistency']:
        m, n = v['oldSize'], v['newSize']
        where = 'merkle consistency %d→%d' % (m, n)
        expect(where + ' proof', [x.hex() for x in consistency_proof(m, leaves[:n])] if m else [], v['proof'])
        proof = [bytes.fromhex(p) for p in v['proof']]
        old, new = bytes.fromhex(roots[m]), bytes.fromhex(roots[n])
        expect(where, verify_consistency(m, n, proof, old, new), True)
        if 0 < m < n:
            expect(where + ' forged old root', verify_consistency(m, n, proof, bytes(32), new), False)

    cps = load('checkpoints')
    keys = trusted_keys(cps['authority'])
    for v in cps['valid']:
        c = v['checkpoint']
        expect('checkpoints %s signedText' % v['name'], checkpoint_signed_bytes(c).decode(), v['signedText'])
        expect('checkpoints %s signedBytesHex' % v['name'], checkpoint_signed_bytes(c).hex(), v['signedBytesHex'])
        expect('checkpoints %s' % v['name'], verify_checkpoint(c, keys), 'ok')
        if c['size'] <= len(roots):
            expect('checkpoints %s root' % v['name'], c['root'], roots[c['size']])
    for v in cps['invalid']:
        expect('checkpoints %s' % v['name'], verify_checkpoint(v['checkpoint'], keys), v['fails'])

    notes = load('checkpoint-notes')
    witness = notes['witness']
    expect('witness vkey from its label', base64.b64decode(witness['vkey'].split('+', 2)[2])[1:],
           ed25519_public(secret(witness['label'])))
    for v in notes['valid']:
        where = 'checkpoint-notes %s' % v['name']
        expect(where, verify_note(v['note'], notes['vkeys']), 'ok')
        text, sigs = parse_note(v['note'])
        size, root = text.split('\n')[1:3]
        expect(where + ' size and root', (int(size), base64.b64decode(root).hex()), (v['size'], roots[v['size']]))
        times = [cosignature_time(text, name, raw, witness['vkey']) for name, raw in sigs]
        expect(where + ' cosignature', [t for t in times if t is not None],
               [witness['cosignedAt']] if v.get('cosigned') else [])
    for v in notes['invalid']:
        expect('checkpoint-notes %s' % v['name'], verify_note(v['note'], notes['vkeys']), v['fails'])
    for v in notes['invalidCosignatures']:
        where = 'checkpoint-notes %s' % v['name']
        expect(where + ' note', verify_note(v['note'], notes['vkeys']), 'ok')
        text, sigs = parse_note(v['note'])
        counted = [t for name, raw in sigs if (t := cosignature_time(text, name, raw, witness['vkey'])) is not None]
        expect(where, 'cosignature-bad' if not counted else 'ok', v['fails'])

    bundles = load('proof-bundles')
    keys = trusted_keys(bundles['authority'])
    for v in bundles['valid']:
        expect('proof-bundles %s' % v['name'], verify_bundle(v['bundle'], keys), 'ok')
        forged = json.loads(json.dumps(v['bundle']))
        forged['checkpoint']['root'] = '0' * 64
        expect('proof-bundles %s, root forged' % v['name'], verify_bundle(forged, keys), 'checkpoint-bad-signature')
    for v in bundles['invalid']:
        expect('proof-bundles %s' % v['name'], verify_bundle(v['bundle'], keys), v['fails'])
    # proof-bundles.md: a verifier MUST NOT raise on any input. Every member, at both levels, set
    # to every JSON type must be refused by some check, never crash the verifier.
    base = bundles['valid'][1]['bundle']
    for where in (None, 'entry', 'checkpoint'):
        target = base if where is None else base[where]
        for name in target:
            for junk in (None, True, -1, 2**60, 1.5, '', 'x', [], {}, '\ud800'):
                forged = json.loads(json.dumps(base))
                (forged if where is None else forged[where])[name] = junk
                try:
                    got = verify_bundle(forged, keys)
                except Exception as e:  # noqa: BLE001 - the property under test
                    got = 'raised %r' % e
                if got == 'ok' and junk == target[name]: continue
                expect('proof-bundles %s.%s = %r' % (where or 'bundle', name, junk),
                       got != 'ok' and not got.startswith('raised'), True)
    qr = load('qr')
    qr_keys = trusted_keys(qr['authority'])
    entries = {(v['entry']['chain'], v['entry']['seq']): v['entry'] for v in load('entries')['valid']}
    for v in qr['valid']:
        expect('qr %s' % v['name'], verify_qr(v['text'], qr_keys), ('ok', v['statement']))
        st = v['statement']
        expect('qr %s signed bytes' % v['name'], qr_signed_bytes(st).hex(), v['signedBytesHex'])
        # Every value comes from the issuing entry and its payload (qr.md 'Members').
        e = entries.get((st['chain'], st['seq']))
        payload = parse_json(e['payload'])
        doc = payload['document']
        number = payload.get('invoiceNumber', payload.get('creditNoteNumber'))
        gross = int(doc['totals']['gross']) * (-1 if e['kind'] == 'invoice.credited' else 1)
        sign, gross = ('-' if gross < 0 else ''), abs(gross)
        expect('qr %s names its entry' % v['name'],
               (st['h'], st['n'], st['d'], st['c'], st['g'], st['cur'], st['s'], st['b']),
               (e['entryHash'], number, doc['issueDate'],
                check_code(number, hashlib.sha256(jcs_bytes(doc)).hexdigest()),
                '%s%d.%02d' % (sign, gross // 100, gross % 100), doc['currency'],
                doc['seller']['taxId'], doc['buyer']['taxId']))
    for v in qr['invalid']:
        expect('qr %s' % v['name'], verify_qr(v['text'], qr_keys)[0], v['fails'])

    kd = load('key-directory')
    keys = trusted_keys(kd['authority'])
    for v in kd['valid']:
        expect('key-directory %s' % v['name'], verify_directory(v['answer'], keys), {'ok': v['keys']})
    for v in kd['invalid']:
        want = {'fails': v['fails']}
        if 'proof' in v: want['proof'] = v['proof']
        expect('key-directory %s' % v['name'], verify_directory(v['answer'], keys), want)
    directory = verify_directory(kd['valid'][0]['answer'], keys).get('ok', [])
    for v in kd['signatures']:
        expect('key-directory signature %s' % v['name'],
               verify_merchant_signature(v['bundle'], directory, kd['valid'][0]['answer']['taxId'], keys),
               v['verdict'])
    return count[0], failures


def bundle_verdicts(path):
    """{authority, bundles} in, the verdict of each bundle out: to compare with other verifiers."""
    given = load_json(path)
    keys = trusted_keys(given['authority'])
    return [verify_bundle(b, keys) for b in given['bundles']]


if __name__ == '__main__' and sys.argv[1:2] == ['--bundle-verdicts']:
    print(json.dumps(bundle_verdicts(sys.argv[2])))
elif __name__ == '__main__':
    checked, failures = run(sys.argv[1] if len(sys.argv) > 1 else 'docs/spec/vectors')
    for f in failures: print('FAIL ' + f)
    print('%d checks, %d failed' % (checked, len(failures)))
    sys.exit(1 if failures else 0)
