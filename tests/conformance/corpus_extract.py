import json, os, re, subprocess, random, sys, hashlib
MIRROR = '/work/.mirror'
random.seed(12)
CAP = 40
SKIP_WORDS = re.compile(r'\b(midi\w*|ccv|ccn|cF|cI|cS|cP|cT|cR|cB|cF0|once|hush|sendMidi|nrpn\w*|streamReplace|tidal_\w+|setcps|cps|bps|xfade\w*|jumpIn\w*|clutch\w*|anticipate\w*|interpolate\w*|wash\w*|transition|sysex|progNum|array|polyTouch|midibend|miditouch|ctlNum|control|number|oscPlay|superimpose_io|getState|setF|setI|setS|setR|setB|asap|trigger|qtrigger|triggerWith|resetCycles|unmute|mute|solo|unsolo|import|:set)\b')
def git(repo, *args):
    g = f'{MIRROR}/{repo}/repo'
    if os.path.isdir(g + '/.git'): g += '/.git'
    return subprocess.run(['git', '--git-dir=' + g] + list(args), capture_output=True, text=True, errors='replace').stdout

def strip_comment(line):
    out = []; q = False; i = 0
    while i < len(line):
        c = line[i]
        if c == '"' : q = not q
        if not q and line.startswith('--', i) and (i == 0 or line[i-1] not in '|+-*/<>=!'):
            # "--" inside operators like |-- is rare; treat as comment
            break
        out.append(c); i += 1
    return ''.join(out).rstrip()

STMT = re.compile(r'^(\s*)d([1-9][0-9]?)\s*\$\s*(.*)$')
LET = re.compile(r'^let\s+(.*)$')
def blocks(text):
    lines = [strip_comment(l) for l in text.replace('\t', '    ').split('\n')]
    # drop {- -} block comments
    out = []; inblk = False
    for l in lines:
        if '{-' in l and '"' not in l: inblk = True
        if inblk:
            if '-}' in l: inblk = False
            out.append(''); continue
        out.append(l)
    lines = out
    cur = []
    for l in lines + ['']:
        if l.strip() == '':
            if cur: yield cur
            cur = []
        else:
            cur.append(l)

def strings_removed(s):
    return re.sub(r'"[^"]*"', '""', s)

IDENT = re.compile(r"(?<![A-Za-z0-9_'.])([a-z_][A-Za-z0-9_']*)")
def idents(s):
    return set(IDENT.findall(strings_removed(s)))

def parse_file(text):
    defs = []  # (names, text)
    stmts = []
    for blk in blocks(text):
        i = 0
        # split block into units starting at lines with minimal indentation
        units = []
        base = min(len(l) - len(l.lstrip()) for l in blk)
        for l in blk:
            ind = len(l) - len(l.lstrip())
            if ind == base or not units: units.append([l])
            else: units[-1].append(l)
        for u in units:
            first = u[0].strip()
            if first.startswith('let ') and base == 0:
                # one definition per binding of the block (a binding: a line at the binding column and the lines
                # indented deeper), so that a statement carries only the bindings it uses
                lines = [x[base:] for x in u]
                lines[0] = '    ' + lines[0][4:]
                col = len(lines[0]) - len(lines[0].lstrip())
                binds = []
                for x in lines:
                    ind = len(x) - len(x.lstrip())
                    if ind <= col or not binds: binds.append([x])
                    else: binds[-1].append(x)
                for b in binds:
                    m = re.match(r"\s*([a-z_][A-Za-z0-9_']*)", b[0])
                    names = {m.group(1)} if m else set()
                    if re.match(r"\s*\(([^)]*)\)\s*=", b[0]):
                        names = set(re.findall(r"[a-z_][A-Za-z0-9_']*", b[0].split('=')[0]))
                    body = 'let ' + '\n'.join(b)[col:] if True else ''
                    body = 'let ' + b[0][col:] + ''.join('\n' + y[col - 4:] if y[:col - 4].strip() == '' else '\n' + y for y in b[1:])
                    defs.append((names, body))
            elif first.startswith('do') and first in ('do', 'do {'):
                pass
            m = STMT.match(u[0])
            if m:
                expr = ' '.join([m.group(3)] + [x.strip() for x in u[1:]]).strip()
                stmts.append((expr, len(defs)))
            elif first == 'do' or first.startswith('do '):
                # inner dN statements of a do block
                inner = [x for x in u[1:]]
                if first.startswith('do ') and STMT.match('  ' + first[3:]): inner = ['  ' + first[3:]] + inner
                if not inner: continue
                ib = min(len(x) - len(x.lstrip()) for x in inner)
                cur = None
                for x in inner:
                    ind = len(x) - len(x.lstrip())
                    if ind == ib:
                        if cur: stmts.append((cur, len(defs)))
                        mm = STMT.match(x)
                        cur = mm.group(3).strip() if mm else None
                    elif cur is not None:
                        cur += ' ' + x.strip()
                if cur: stmts.append((cur, len(defs)))
    return defs, stmts

def needed_defs(expr, defs, upto):
    # the latest definition (before the statement) of every name the statement uses, directly or through another
    # definition, in file order
    avail = defs[:upto]
    want = idents(expr); used = set(); have = set()
    changed = True
    while changed:
        changed = False
        for k in range(len(avail) - 1, -1, -1):
            names, body = avail[k]
            if k in used or not (names & want) or (names & want) <= have: continue
            used.add(k); have |= names; want |= idents(body); changed = True
    return [avail[k][1] for k in sorted(used)]

def balanced(s):
    return s.count('(') == s.count(')') and s.count('[') == s.count(']') and s.count('"') % 2 == 0 and s.count('{') == s.count('}')

def collect(repo, exts, pathfilter=None):
    commit = git(repo, 'rev-parse', 'HEAD').strip()
    files = [f for f in git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n') if any(f.endswith(e) for e in exts)]
    if pathfilter: files = [f for f in files if pathfilter(f)]
    owner_repo = repo.replace('+', '/')
    res = []
    for f in files:
        text = git(repo, 'show', f'HEAD:{f}')
        if f.endswith('.md') or f.endswith('.mdx'):
            # code blocks only
            parts = re.findall(r'```[a-z]*\n(.*?)```', text, re.S)
            text = '\n\n'.join(parts)
        defs, stmts = parse_file(text)
        for expr, upto in stmts:
            expr = re.sub(r'\s+', ' ', expr).strip()
            if not expr or not balanced(expr) or SKIP_WORDS.search(strings_removed(expr)): continue
            if '"^' in expr or len(expr) > 400: continue
            d = needed_defs(expr, defs, upto)
            if any(SKIP_WORDS.search(strings_removed(x)) for x in d): continue
            url = f'https://github.com/{owner_repo}/blob/{commit}/{f}'
            res.append({'tidal': expr, 'defs': '\n'.join(d), 'source': url})
    return res

all_cases = []
seen = set()
repos = [d for d in sorted(os.listdir(MIRROR)) if d not in ('musikinformatik+SuperDirt', 'supercollider-quarks+Vowel')]
for repo in repos:
    if repo == 'tidalcycles+tidal-doc':
        got = collect(repo, ['.md', '.mdx'])
    else:
        got = collect(repo, ['.tidal'])
    uniq = []
    for c in got:
        key = re.sub(r'\s', '', c['tidal']) + '|' + c['defs']
        if key in seen: continue
        seen.add(key); uniq.append(c)
    random.shuffle(uniq)
    pick = uniq[:CAP]
    print(repo, len(got), len(uniq), len(pick), file=sys.stderr)
    all_cases += pick
json.dump(all_cases, open(sys.argv[1] if len(sys.argv) > 1 else 'raw.json', 'w'), indent=1, ensure_ascii=False)
print(len(all_cases), file=sys.stderr)
