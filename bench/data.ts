// Deterministic synthetic newsroom content for the benchmark: bylines, articles with ~5 KB
// Markdown bodies, and the request bodies of the create scenario. Same seed, same data.

export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  /** Skewed towards the start of the list, as word frequencies are. */
  const zipf = <T>(list: readonly T[]): T => list[Math.floor(list.length * next() ** 2.2)] as T
  return { next, int, pick, zipf }
}
export type Rng = ReturnType<typeof prng>

/** A UUID version 7 for a timestamp, as the app's ids are (time-ordered). */
export function uuidv7(ms: number, rng: Rng): string {
  const hex = (n: number, digits: number) => Math.floor(n).toString(16).padStart(digits, '0')
  const time = hex(ms, 12)
  const rand = Array.from({ length: 5 }, () => hex(rng.next() * 0x10000, 4))
  const variant = hex(0x8000 | (rng.next() * 0x4000), 4)
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand[0]!.slice(1)}-${variant}-${rand[1]}${rand[2]}${rand[3]}`
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

const GENERAL = (
  'the of and to in a is that for on with as was at by it from be have are said has this not but were ' +
  'which their after they more been will its about who would also than year new two people government ' +
  'first one over last other some into week could when officials between state country percent day time ' +
  'told city minister plan million most before during police report according under public three since ' +
  'national world local health local water power company companies council local market prices workers ' +
  'families residents region support months years early later while still only because many where several ' +
  'meeting agreement decision election vote court law budget spending schools hospital transport energy ' +
  'statement spokesperson critics supporters analysts experts data figures survey study research record ' +
  'level growth decline change pressure crisis response measures policy proposal talks deal leaders group ' +
  'community village district province capital border coast river valley northern southern eastern western ' +
  'morning evening night weekend Monday Tuesday Wednesday Thursday Friday Saturday Sunday January March June ' +
  'October December announced confirmed warned expected reported described called added noted insisted ' +
  'declined rejected approved launched opened closed reached signed agreed increased reduced delayed ' +
  'cancelled planned promised demanded criticised welcomed praised questioned revealed'
).split(/\s+/)

interface Topic {
  name: string
  section: string
  words: string[]
  tags: string[]
}

const SECTIONS = [
  'world',
  'politics',
  'business',
  'science',
  'climate',
  'culture',
  'sport',
  'technology',
]

const TOPIC_WORDS: [string, string, string][] = [
  [
    'world',
    'serava basin water sharing',
    'drought reservoir upstream downstream treaty irrigation barges',
  ],
  [
    'world',
    'border crossing refugees',
    'asylum camps corridor humanitarian convoy ceasefire envoy',
  ],
  [
    'world',
    'island nation sea level',
    'atoll seawall relocation fisheries lagoon cyclone archipelago',
  ],
  [
    'world',
    'mountain kingdom succession',
    'monarch regent palace coronation heir dynasty parliament',
  ],
  ['world', 'port strike shipping', 'dockers containers cranes harbour cargo freight backlog'],
  ['world', 'desert railway project', 'locomotive sleepers caravan oasis terminus gauge junction'],
  [
    'politics',
    'coalition talks',
    'coalition chancellor mandate ministries portfolio caucus negotiators',
  ],
  ['politics', 'local elections', 'ballots turnout mayor precinct canvass recount incumbents'],
  [
    'politics',
    'budget standoff',
    'deficit appropriations shutdown treasury borrowing austerity surplus',
  ],
  [
    'politics',
    'constitutional reform',
    'amendment referendum senate veto judiciary charter ratify',
  ],
  [
    'politics',
    'corruption inquiry',
    'bribery prosecutors indictment contracts tender whistleblower auditor',
  ],
  [
    'politics',
    'pension reform',
    'retirement contributions actuaries pensioners annuity unions protest',
  ],
  [
    'business',
    'chip factory',
    'semiconductor wafers foundry fabrication lithography subsidy cleanroom',
  ],
  ['business', 'airline merger', 'carrier regulators slots fleet codeshare antitrust takeover'],
  ['business', 'grain exports', 'wheat harvest silos tonnes quota exporters millers'],
  ['business', 'housing market', 'mortgages rents landlords tenants construction permits vacancy'],
  ['business', 'central bank rates', 'inflation interest bonds currency lending monetary governor'],
  ['business', 'retail closures', 'shoppers stores footfall discount chains leases administrators'],
  ['science', 'glacier survey', 'meltwater moraine ice glaciologists crevasse summit snowpack'],
  [
    'science',
    'deep sea expedition',
    'submersible trench specimens hydrothermal vents sediment abyssal',
  ],
  ['science', 'vaccine trial', 'antibodies placebo dose volunteers immunology efficacy booster'],
  [
    'science',
    'telescope discovery',
    'exoplanet galaxy astronomers spectrum orbit observatory nebula',
  ],
  [
    'science',
    'fossil find',
    'dinosaur paleontologists skeleton excavation quarry jawbone cretaceous',
  ],
  ['science', 'gene therapy', 'genome mutation therapy patients clinic enzyme inherited'],
  ['climate', 'heatwave', 'temperatures heatstroke cooling shade wildfire forecasters humidity'],
  ['climate', 'flood defences', 'levees embankments floodplain sandbags evacuation pumps storm'],
  ['climate', 'wind farm', 'turbines offshore megawatts grid cables seabed developers'],
  ['climate', 'coral bleaching', 'reef corals algae snorkelling marine bleaching divers'],
  ['climate', 'forest restoration', 'saplings seedlings canopy reforestation loggers rangers peat'],
  ['climate', 'carbon pricing', 'emissions allowances polluters levy offsets trading cap'],
  ['culture', 'film festival', 'premiere directors jury screenings auteur documentary cinema'],
  [
    'culture',
    'museum reopening',
    'galleries curators exhibition artefacts collection restoration visitors',
  ],
  ['culture', 'literary prize', 'novel shortlist authors judges debut publishers manuscript'],
  ['culture', 'music tour', 'concert stadium tickets setlist encore orchestra festivalgoers'],
  ['culture', 'heritage site', 'ruins archaeologists temple mosaics unesco excavations pilgrims'],
  [
    'culture',
    'theatre season',
    'playwright stage rehearsals audiences premiere ensemble repertoire',
  ],
  ['sport', 'football final', 'striker goalkeeper penalty stadium fans trophy manager'],
  ['sport', 'marathon record', 'runners finish splits pacemakers athletics kilometre sprint'],
  ['sport', 'cycling tour', 'peloton stage climb sprinters jersey breakaway descent'],
  ['sport', 'tennis open', 'serve tiebreak seeded quarterfinal rally baseline champion'],
  ['sport', 'cricket series', 'wickets batsman bowler innings boundary test declared'],
  ['sport', 'swimming championships', 'freestyle relay butterfly lanes heats breaststroke medley'],
  [
    'technology',
    'satellite internet',
    'constellation orbit broadband antennas latency launch spectrum',
  ],
  ['technology', 'electric cars', 'battery charging range lithium gigafactory motorists chargers'],
  ['technology', 'data breach', 'hackers passwords ransomware encryption customers servers leaked'],
  ['technology', 'robot surgery', 'surgeons robotic incision precision theatre prototype console'],
  [
    'technology',
    'quantum computer',
    'qubits processor entanglement physicists cryogenic error algorithm',
  ],
  [
    'technology',
    'drone deliveries',
    'drones parcels airspace couriers rooftops aviation regulator',
  ],
]

export const TOPICS: Topic[] = TOPIC_WORDS.map(([section, name, words]) => {
  const nameWords = name.split(' ')
  return {
    name,
    section,
    words: [...nameWords, ...words.split(' ')],
    tags: [slugify(name), slugify(words.split(' ')[0] ?? name)],
  }
})
const GENERAL_TAGS = [
  'analysis',
  'explainer',
  'interview',
  'investigation',
  'live',
  'opinion',
  'data',
  'photos',
]

/** Words that appear in the bodies of one topic only: what the search scenario looks for. */
export const SEARCH_WORDS = TOPICS.map((t) => t.words[t.words.length - 1]!)

const FIRST = [
  'Ana',
  'Li',
  'Sam',
  'Zoë',
  'José',
  'Amara',
  'Tomasz',
  'Priya',
  'Kwame',
  'Ingrid',
  'Hiroshi',
  'Fatima',
  'Lucía',
  'Oskar',
  'Mei',
  'Dmitri',
  'Aisha',
  'Mateo',
  'Nadia',
  'Emeka',
]
const LAST = [
  'Ruiz',
  'Wei',
  'Roe',
  'Ndlovu',
  'García',
  'Okafor',
  'Nowak',
  'Sharma',
  'Mensah',
  'Larsen',
  'Tanaka',
  'Haddad',
  'Fernández',
  'Berg',
]
const AGENCIES = [
  'Atlas Wire',
  'Meridian Press',
  'Northgate News Agency',
  'Harbour Newswire',
  'Pacifica Press Service',
  'Continental Wire',
  'Lighthouse Agency',
  'Equator News',
  'Summit Press',
  'Riverside Wire',
]

export interface SeedByline {
  id: string
  slug: string
  name: string
  kind: 'staff' | 'contributor' | 'agency'
  jobTitle: string | null
}

export interface SeedCredit {
  bylineId: string
  role: 'author' | 'contributor' | 'photographer'
}

export interface SeedArticle {
  id: string
  slug: string
  headline: string
  dek: string
  body: string
  section: string
  tags: string[]
  heroImage: { url: string; alt: string; caption: string | null; credit: string | null } | null
  creditLine: string | null
  status: 'published' | 'draft'
  publishedAt: Date | null
  sortAt: Date
  createdAt: Date
  credits: SeedCredit[]
}

const DAY = 86_400_000

export function makeBylines(count: number, rng: Rng, now: number): SeedByline[] {
  const bylines: SeedByline[] = []
  const agencies = Math.min(AGENCIES.length, Math.round(count / 20))
  for (let i = 0; i < count; i++) {
    const agency = i < agencies
    const name = agency
      ? AGENCIES[i]!
      : `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`
    // More people than first × last names: later ones get a middle initial.
    const round = Math.floor(i / (FIRST.length * LAST.length))
    const fullName = round > 0 ? name.replace(' ', ` ${String.fromCharCode(65 + round)}. `) : name
    const kind = agency ? 'agency' : i % 4 === 0 ? 'contributor' : 'staff'
    bylines.push({
      id: uuidv7(now - 800 * DAY + i * 1000, rng),
      slug: `${slugify(fullName)}-${i}`,
      name: fullName,
      kind,
      jobTitle: kind === 'staff' ? `${rng.pick(SECTIONS)} correspondent` : null,
    })
  }
  return bylines
}

function sentence(rng: Rng, topic: Topic, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++)
    out.push(rng.next() < 0.22 ? rng.pick(topic.words) : rng.zipf(GENERAL))
  const text = out.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

function paragraph(rng: Rng, topic: Topic): string {
  const sentences = rng.int(2, 4)
  return Array.from({ length: sentences }, () => sentence(rng, topic, rng.int(12, 24))).join(' ')
}

/** A Markdown story body of at least `minLength` characters: paragraphs, subheads, a list, a quote, links. */
export function markdownBody(rng: Rng, topic: Topic, minLength: number): string {
  const blocks: string[] = []
  let length = 0
  const push = (block: string) => {
    blocks.push(block)
    length += block.length + 2
  }
  push(paragraph(rng, topic))
  while (length < minLength) {
    const r = rng.next()
    if (r < 0.08) push(`## ${sentence(rng, topic, rng.int(3, 6)).slice(0, -1)}`)
    else if (r < 0.14)
      push(
        Array.from(
          { length: rng.int(3, 5) },
          () => `- ${sentence(rng, topic, rng.int(5, 10))}`,
        ).join('\n'),
      )
    else if (r < 0.2)
      push(
        `> “${sentence(rng, topic, rng.int(10, 18))}” said a ${rng.pick(['minister', 'resident', 'spokesperson', 'analyst'])}.`,
      )
    else if (r < 0.3) {
      const p = paragraph(rng, topic)
      const cut = p.indexOf(' ', Math.floor(p.length / 2))
      push(
        `${p.slice(0, cut)} **${rng.pick(topic.words)}** [${rng.pick(topic.words)} report](https://example.com/${slugify(topic.name)}/${rng.int(1, 9999)})${p.slice(cut)} *${rng.zipf(GENERAL)}*.`,
      )
    } else push(paragraph(rng, topic))
  }
  return blocks.join('\n\n')
}

function headlineFor(rng: Rng, topic: Topic): string {
  const words = [
    rng.pick(topic.words),
    rng.zipf(GENERAL),
    rng.pick(topic.words),
    rng.zipf(GENERAL),
    rng.pick(topic.words),
  ]
  for (let i = rng.int(1, 4); i > 0; i--)
    words.push(rng.next() < 0.5 ? rng.pick(topic.words) : rng.zipf(GENERAL))
  const text = words.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

/** Credits: one to three distinct bylines; a tenth of the stories are agency copy. */
function creditsFor(
  rng: Rng,
  people: SeedByline[],
  agencies: SeedByline[],
): { credits: SeedCredit[]; creditLine: string | null } {
  if (agencies.length > 0 && rng.next() < 0.1) {
    const agency = rng.pick(agencies)
    return { credits: [{ bylineId: agency.id, role: 'author' }], creditLine: agency.name }
  }
  const count = rng.int(1, 3)
  const chosen = new Set<SeedByline>()
  while (chosen.size < count) chosen.add(rng.pick(people))
  const credits = [...chosen].map(
    (b, i): SeedCredit => ({
      bylineId: b.id,
      role:
        i === 0 ? 'author' : rng.pick(['author', 'author', 'contributor', 'photographer'] as const),
    }),
  )
  return { credits, creditLine: null }
}

/** How an archive is spread: over how many days its stories were written, and how long their bodies are. */
export interface ArchiveShape {
  /** Days back from now the stories were created over (uniformly). */
  spanDays: number
  /** Characters of Markdown per body, about. */
  bodyLength: number
}

export const TWO_YEARS: ArchiveShape = { spanDays: 730, bodyLength: 5000 }

/**
 * Subject tags of the long tail: one story in two carries one, picked Zipf-like among
 * `count / 200` of them (5,000 for a million stories), so that a few are common and most rare.
 */
export const subjectTag = (rank: number) => `subject-${rank}`
const subjectTags = (count: number) => Math.max(10, Math.round(count / 200))

/**
 * `count` articles, one at a time (a million do not fit in memory at once), oldest first: 97 % published over
 * `shape.spanDays` (of which 1 %, at most 100 stories, scheduled), 3 % drafts; a topic's one or two tags, half a general tag, half
 * a subject tag of the long tail.
 */
export function* generateArticles(
  count: number,
  bylines: SeedByline[],
  rng: Rng,
  now: number,
  shape: ArchiveShape = TWO_YEARS,
): Generator<SeedArticle> {
  const people = bylines.filter((b) => b.kind !== 'agency')
  const agencies = bylines.filter((b) => b.kind === 'agency')
  const subjects = subjectTags(count)
  // A newsroom schedules a few dozen stories ahead, however large its archive.
  const scheduledShare = Math.min(0.01, 100 / count)
  for (let i = 0; i < count; i++) {
    const topic = rng.pick(TOPICS)
    const headline = headlineFor(rng, topic)
    const r = rng.next()
    const status = r < 0.97 ? 'published' : 'draft'
    // Oldest first, spread evenly over the span: archives are exported in creation order
    // (WordPress, Ghost and our own export), so an import appends to the time-ordered indexes.
    const createdAt = new Date(now - (1 - (i + rng.next()) / count) * shape.spanDays * DAY)
    const publishedAt =
      status === 'draft'
        ? null
        : r < 0.97 - scheduledShare
          ? createdAt
          : new Date(now + rng.int(1, 30) * DAY)
    const tags = [
      ...new Set([
        ...topic.tags.slice(0, rng.int(1, 2)),
        ...(rng.next() < 0.5 ? [rng.pick(GENERAL_TAGS)] : []),
        ...(rng.next() < 0.5 ? [subjectTag(Math.max(1, Math.floor(subjects ** rng.next())))] : []),
      ]),
    ]
    const { credits, creditLine } = creditsFor(rng, people, agencies)
    yield {
      id: uuidv7(createdAt.getTime(), rng),
      slug: `${slugify(headline).slice(0, 80).replace(/-+$/, '')}-${i.toString(36)}`,
      headline,
      dek: sentence(rng, topic, rng.int(14, 24)),
      body: markdownBody(rng, topic, shape.bodyLength),
      section: topic.section,
      tags,
      heroImage:
        rng.next() < 0.8
          ? {
              url: `https://images.example.com/${slugify(topic.name)}/${i}.jpg`,
              alt: sentence(rng, topic, rng.int(5, 9)),
              caption: rng.next() < 0.7 ? sentence(rng, topic, rng.int(8, 14)) : null,
              credit: rng.next() < 0.7 ? `Photo: ${rng.pick(people).name}` : null,
            }
          : null,
      creditLine,
      status,
      publishedAt,
      sortAt: publishedAt ?? createdAt,
      createdAt,
      credits,
    }
  }
}

/** `count` articles at once (see generateArticles). */
export function makeArticles(
  count: number,
  bylines: SeedByline[],
  rng: Rng,
  now: number,
  shape: ArchiveShape = TWO_YEARS,
): SeedArticle[] {
  return [...generateArticles(count, bylines, rng, now, shape)]
}

/** Request bodies for POST /v1/articles: pre-built bodies, a unique headline per request. */
export function createBodies(bylineSlugs: string[], seed: number, variants = 64) {
  const rng = prng(seed)
  const templates = Array.from({ length: variants }, () => {
    const topic = rng.pick(TOPICS)
    const bylines = [{ byline: rng.pick(bylineSlugs), role: 'author' }]
    const second = rng.pick(bylineSlugs)
    if (rng.next() < 0.5 && second !== bylines[0]!.byline)
      bylines.push({ byline: second, role: 'contributor' })
    return {
      // Short enough that the unique suffix survives the 120-character slug limit.
      headlineStart: headlineFor(rng, topic)
        .slice(0, 80)
        .replace(/\s+\S*$/, ''),
      dek: sentence(rng, topic, 18),
      body: markdownBody(rng, topic, 5000),
      section: topic.section,
      tags: topic.tags,
      bylines,
    }
  })
  const runId = Math.floor(rng.next() * 36 ** 6).toString(36)
  let counter = 0
  return () => {
    const t = templates[counter % templates.length]!
    counter++
    return JSON.stringify({
      headline: `${t.headlineStart} ${runId} ${counter}`,
      dek: t.dek,
      body: t.body,
      section: t.section,
      tags: t.tags,
      bylines: t.bylines,
      status: 'published',
    })
  }
}
