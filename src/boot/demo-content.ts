/**
 * Original demo content for seeding a development database.
 *
 * Everything here is invented: the people, the agency, the countries, the
 * river, the clubs and the quotes. Any resemblance to real people or events
 * is accidental. The flagship story (demoArticles[0]) is shaped like the
 * wire-service world-news page the product was specified from (see
 * PRODUCT.md), but its text is clean: no deliberate paste errors.
 */

export interface DemoByline {
  slug: string
  name: string
  kind: 'staff' | 'contributor' | 'agency'
  jobTitle?: string
  bio?: string
  avatarUrl?: string
  links?: { label: string; url: string }[]
}

export interface DemoSection {
  slug: string
  name: string
  description: string
  position: number
  parent?: string
  seoTitle?: string
  seoDescription?: string
}

/** The site's sections, in navigation order; demo stories name theirs by slug. */
export const demoSections: DemoSection[] = [
  {
    slug: 'world',
    name: 'World',
    description: 'International news: diplomacy, conflict and the rivers and borders between them.',
    position: 0,
    seoTitle: 'World news',
    seoDescription:
      'The latest international news, analysis and reporting from our correspondents.',
  },
  {
    slug: 'politics',
    name: 'Politics',
    description: 'Parliaments, elections and the people who run for them.',
    position: 1,
  },
  {
    slug: 'business',
    name: 'Business',
    description: 'Trade, markets, shipping and the companies behind them.',
    position: 2,
  },
  {
    slug: 'science',
    name: 'Science',
    description: 'Research, climate and the natural world.',
    position: 3,
  },
  {
    slug: 'technology',
    name: 'Technology',
    description: 'How software, networks and devices change work and life.',
    position: 4,
    parent: 'science',
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Books, film, music, festivals and the arts.',
    position: 5,
  },
  {
    slug: 'sport',
    name: 'Sport',
    description: 'Results, transfers and the stories behind the games.',
    position: 6,
  },
]

export interface DemoArticle {
  slug: string
  headline: string
  dek: string
  body: string
  section: string
  tags: string[]
  language: string
  heroImage?: { url: string; alt: string; caption?: string; credit?: string }
  creditLine?: string
  publishedHoursAgo: number
  bylines: {
    byline: string
    role: 'author' | 'contributor' | 'photographer' | 'translator' | 'editor'
  }[]
}

/** Joins paragraphs with a blank line, the Markdown paragraph separator. */
function paragraphs(...items: string[]): string {
  return items.join('\n\n')
}

export const demoBylines: DemoByline[] = [
  {
    slug: 'ampe',
    name: 'AMPE',
    kind: 'agency',
    jobTitle: 'Agencia Mundial de Prensa Exterior',
    bio: paragraphs(
      `**AMPE** (*Agencia Mundial de Prensa Exterior*) is an independent wire service supplying text, photo and video to newsrooms in more than 40 countries.`,
      `Its copy is filed by bureau staff and signed off with the agency name and the initials of the reporters and editors who handled it.`,
    ),
    avatarUrl: 'https://images.example.com/bylines/ampe-logo.png',
    links: [{ label: 'AMPE wire', url: 'https://ampe.example.com/' }],
  },
  {
    slug: 'zoe-ndlovu',
    name: 'Zoë Ndlovu',
    kind: 'staff',
    jobTitle: 'Diplomatic Correspondent',
    bio: paragraphs(
      `Zoë Ndlovu covers diplomacy, treaties and the institutions that negotiate them. She has reported from summits on four continents and spent six years on the water-and-climate beat before moving to the diplomatic desk.`,
      `She speaks English, French, isiZulu and enough Portuguese to order lunch in Maputo.`,
    ),
    avatarUrl: 'https://images.example.com/bylines/zoe-ndlovu.jpg',
    links: [
      { label: 'Newsletter', url: 'https://newsletters.example.com/diplomatic-dispatch' },
      { label: 'Mastodon', url: 'https://social.example.com/@zoendlovu' },
    ],
  },
  {
    slug: 'li-wei',
    name: '李伟 (Li Wei)',
    kind: 'staff',
    jobTitle: 'Science and Technology Editor',
    bio: paragraphs(
      `李伟 (Li Wei) edits the science and technology pages. Before journalism he spent five years as a research engineer working on **sensor networks** for flood forecasting.`,
      `He is especially interested in open data, public-interest software and the glaciers of high Asia.`,
    ),
    avatarUrl: 'https://images.example.com/bylines/li-wei.jpg',
    links: [{ label: 'Personal site', url: 'https://liwei.example.com/' }],
  },
  {
    slug: 'hannah-okafor',
    name: 'Hannah Okafor',
    kind: 'staff',
    jobTitle: 'Business Reporter',
    bio: `Hannah Okafor writes about trade, shipping and commodities. She previously covered ports and logistics for a freight trade weekly and still reads insurance circulars for fun.`,
    avatarUrl: 'https://images.example.com/bylines/hannah-okafor.jpg',
    links: [
      { label: 'Newsletter', url: 'https://newsletters.example.com/cargo-notes' },
      { label: 'Contact', url: 'https://example.com/contact/hannah-okafor' },
    ],
  },
  {
    slug: 'farid-haddad',
    name: 'Farid Haddad',
    kind: 'staff',
    jobTitle: 'Political Correspondent',
    bio: `Farid Haddad reports on parliament, elections and the rules that govern both. He has covered three general elections and more committee hearings than he cares to count.`,
    avatarUrl: 'https://images.example.com/bylines/farid-haddad.jpg',
    links: [{ label: 'Contact', url: 'https://example.com/contact/farid-haddad' }],
  },
  {
    slug: 'tomasz-wisniewski',
    name: 'Tomasz Wiśniewski',
    kind: 'staff',
    jobTitle: 'Staff Photographer',
    bio: `Tomasz Wiśniewski photographs news, sport and landscapes. His long-running series on river communities was shown at the *Lens on Water* exhibition.`,
    avatarUrl: 'https://images.example.com/bylines/tomasz-wisniewski.jpg',
    links: [{ label: 'Portfolio', url: 'https://portfolio.example.com/tomasz-wisniewski' }],
  },
  {
    slug: 'marta-oliveira-sanchez',
    name: 'Marta Oliveira Sánchez',
    kind: 'contributor',
    jobTitle: 'Corresponsal en Valparaíso',
    bio: `Marta Oliveira Sánchez es periodista independiente y escribe sobre cine, cultura y medio ambiente desde Valparaíso. *Freelance culture writer covering film and the environment.*`,
    avatarUrl: 'https://images.example.com/bylines/marta-oliveira-sanchez.jpg',
    links: [{ label: 'Sitio web', url: 'https://martaoliveira.example.com/' }],
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    kind: 'contributor',
    jobTitle: 'Books Writer and Translator',
    bio: `Priya Raman reviews fiction and translates from French and Tamil. Her translations have appeared in several literary quarterlies.`,
    avatarUrl: 'https://images.example.com/bylines/priya-raman.jpg',
    links: [{ label: 'Personal site', url: 'https://priyaraman.example.com/' }],
  },
  {
    slug: 'sean-o-murchu',
    name: 'Seán Ó Murchú',
    kind: 'contributor',
    jobTitle: 'Football Writer',
    bio: `Seán Ó Murchú has covered lower-league and cup football for fifteen years. He believes every replay should still be decided on a wet Tuesday night.`,
    links: [{ label: 'Podcast', url: 'https://podcasts.example.com/second-ball' }],
  },
]

export const demoArticles: DemoArticle[] = [
  // 0 — THE flagship: agency copy, credited only to the agency.
  {
    slug: 'serava-basin-states-sign-water-sharing-accord-geneva',
    headline:
      'Ministers hail “a new chapter” as Serava basin states sign water-sharing accord in Geneva',
    dek: 'After 11 days of talks, the seven countries that share the drought-stricken Serava river agreed guaranteed dry-season flows, real-time dam data and a joint commission to settle disputes.',
    body: paragraphs(
      `GENEVA – Ministers from the seven countries that share the Serava river signed an accord on Friday guaranteeing minimum dry-season flows to downstream states, ending more than a decade of acrimony over dams, irrigation and a delta that has been shrinking by several kilometres a year.`,
      `The Geneva Accord on the Shared Waters of the Serava Basin, agreed shortly before dawn after negotiators worked through the night, commits upstream states to release agreed volumes between June and September and to publish the operating data of every large dam on the river in real time.`,
      `“This is a new chapter for a river that has too often divided us,” Kestria’s foreign minister, Dragan Vukčević, told reporters after the signing ceremony in a lakeside conference hall. “Today the Serava belongs a little more to everyone who lives along it.”`,
      `Kestria, where the river rises, had long resisted binding limits on its three hydropower reservoirs, arguing that its mountain communities depended on the electricity and that downstream shortages were caused by waste on irrigated farms rather than by its dams.`,
      `Under the compromise brokered by the United Nations envoy Åsa Lindqvist, Kestria will be compensated for lost generation through a basin fund financed by all seven states and by development lenders, with contributions weighted by each country’s share of irrigated land.`,
      `Ulmeria’s water minister, Leïla Benhaddou, whose country contains most of the delta, said the guarantees would let farmers plan their plantings for the first time in years. “Our growers have been gambling on the river,” she said. “Now they will have a number they can rely on.”`,
      `The accord creates a permanent Serava Basin Commission with a secretariat in the Ulmerian port of Port Amaran, an independent panel of hydrologists to monitor compliance, and a mechanism allowing any state to request binding arbitration if talks within the commission fail after 90 days.`,
      `Tavrosa, the last country to accept the text, signed with a written reservation on the arbitration clause. Its chief negotiator, Oleksandra Hrytsenko (Олександра Гриценко), said her government would seek parliamentary approval “in good faith” but wanted assurances that the panel could not rule on its planned irrigation canal.`,
      `Lindqvist, a former hydrologist who has led the mediation for four years, said the reservation did not weaken the core commitments.`,
      `> “Nobody got everything they came for. That is usually how you know an agreement will last.”`,
      `The talks nearly collapsed on Wednesday when the Dravosk delegation walked out over the formula for the basin fund, delegates said. It returned the following morning after the envoy proposed capping any single country’s contribution at a quarter of the total.`,
      `Farmers’ and environmental groups gave a cautious welcome. Farhan Siddiqui of the Delta Farmers’ Alliance called the minimum flows “a floor, not a solution” and urged governments to fund the restoration of wetlands drained during the irrigation boom of the past two decades.`,
      `The accord enters into force once five of the seven parliaments ratify it, which analysts said could take two years. “The signatures are the easy part,” said Inès Moreau-Kalu of the Geneva Water Policy Institute. “The test comes in the first dry summer, when a dam operator has to open the gates while his own reservoir is falling.”`,
      `The Serava runs for about 1,900 kilometres from the Kestrian highlands to the sea and supports an estimated 60 million people. Three summers ago its flow at Port Amaran fell so low that seawater reached the city’s intakes, forcing authorities to ration drinking water for seven weeks.`,
      `AMPE – ks/lm/rd`,
    ),
    section: 'world',
    tags: ['diplomacy', 'water', 'climate', 'treaties', 'geneva'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/serava-accord-signing.jpg',
      alt: 'Seven ministers stand behind a long table holding signed copies of the Serava accord, with a lake visible through tall windows behind them.',
      caption:
        'Ministers from the seven Serava basin states after signing the accord in Geneva on Friday.',
      credit: 'AMPE',
    },
    creditLine: 'AMPE – with reporting from Geneva',
    publishedHoursAgo: 4,
    bylines: [{ byline: 'ampe', role: 'author' }],
  },

  // 1 — French-language follow-up, translated.
  {
    slug: 'port-amaran-riziculteurs-accord-serava',
    headline:
      'À Port Amaran, les riziculteurs du delta attendent de voir l’accord sur la Serava tenir ses promesses',
    dek: 'Dans le delta ulmérien, l’accord signé à Genève est accueilli avec soulagement, mais les agriculteurs veulent d’abord voir l’eau arriver dans leurs canaux.',
    body: paragraphs(
      `PORT AMARAN – Au lendemain de la signature de l’accord de Genève sur le bassin de la Serava, les riziculteurs du delta ont accueilli la nouvelle avec un soulagement prudent. Ici, la question n’est pas de savoir ce que disent les textes, mais combien d’eau coulera dans les canaux en août.`,
      `« Nous avons entendu beaucoup de promesses depuis vingt ans », explique Mariam Ouédraogo-Ferreira, qui cultive six hectares de riz à l’est de la ville. « Si le fleuve monte au bon moment l’été prochain, alors je croirai à l’accord. »`,
      `Le texte garantit pour la première fois un débit minimal pendant la saison sèche et oblige les pays d’amont à publier en temps réel les lâchers de leurs barrages. Les coopératives locales disent vouloir utiliser ces données pour décider des dates de semis, aujourd’hui fixées au jugé.`,
      `À la capitainerie du port, où siégera le secrétariat de la future commission du bassin, on évoque déjà des dizaines d’emplois. Mais plusieurs élus régionaux rappellent que l’accord n’entrera en vigueur qu’après sa ratification par cinq des sept parlements concernés.`,
      `Les associations de protection de l’environnement, elles, plaident pour que le fonds commun finance aussi la restauration des zones humides. « Un fleuve n’est pas seulement un tuyau entre des barrages et des champs », rappelle l’écologue Benoît Ngandu.`,
    ),
    section: 'world',
    tags: ['water', 'diplomacy', 'agriculture', 'delta'],
    language: 'fr',
    heroImage: {
      url: 'https://images.example.com/2025/port-amaran-rice-paddies.jpg',
      alt: 'A farmer in a wide straw hat walks along a narrow earth bank between flooded rice paddies at sunrise.',
      caption: 'Une rizière à l’est de Port Amaran, dans le delta de la Serava.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 2,
    bylines: [
      { byline: 'zoe-ndlovu', role: 'author' },
      { byline: 'priya-raman', role: 'translator' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 2 — world, drought background.
  {
    slug: 'barges-stranded-as-serava-falls-to-record-low',
    headline: 'Barges stranded as the Serava falls to its lowest level in decades',
    dek: 'Hundreds of grain and fuel barges are waiting for rain on the lower Serava as a third dry summer leaves shipping lanes too shallow to use.',
    body: paragraphs(
      `More than 300 barges carrying grain, fertiliser and fuel were stuck at moorings along the lower Serava this week after the river’s level at the Velmar gauge dropped to 61 centimetres, the lowest reading since records began.`,
      `Pilots say loaded vessels need at least a metre of water to clear the shoals below the Velmar bend. Some operators have split cargoes across three or four barges to sail lighter, a practice that multiplies fuel costs and crew hours.`,
      `“We are running boats at a third of their capacity and praying for rain in the mountains,” said Katarina Horvat, who manages a family-owned fleet of eleven barges. “Every day tied up costs us money we will not see again.”`,
      `Hydrologists attribute the low water to a third consecutive summer of below-average snowfall in the headwaters, compounded by heavy withdrawals for irrigation and reservoirs held high upstream to protect hydropower output.`,
      `The shortage has revived pressure on the seven basin governments, whose negotiators are due to resume talks in Geneva on a long-delayed water-sharing agreement. Downstream states want guaranteed minimum flows written into any deal.`,
      `Port authorities in Port Amaran have begun dredging two channels around the clock, but officials cautioned that dredging could only buy time. “You cannot dig your way out of a drought,” one engineer said.`,
    ),
    section: 'world',
    tags: ['water', 'drought', 'shipping', 'climate'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/serava-barges-low-water.jpg',
      alt: 'Rows of empty river barges lie moored beside a wide, exposed sandbank on a shrunken river under a hazy sky.',
      caption: 'Barges moored near Velmar as water levels on the lower Serava fall.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 52,
    bylines: [
      { byline: 'zoe-ndlovu', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 3 — business, insurance.
  {
    slug: 'insurers-raise-premiums-inland-shipping-low-water',
    headline: 'Insurers raise premiums for inland shipping as low water bites',
    dek: 'Cargo underwriters are adding “low-water surcharges” to river policies, pushing up the cost of moving grain and fuel inland.',
    body: paragraphs(
      `Several of the largest cargo underwriters have added low-water surcharges of up to 18 per cent to policies covering inland river shipping, according to circulars seen by this newspaper, as a prolonged drought strands vessels and raises the risk of groundings.`,
      `Brokers say claims for hull damage on shallow stretches of the Serava and its tributaries have roughly doubled over two summers. Delays also trigger claims for spoiled or late cargo, especially for perishable goods and time-sensitive fertiliser shipments.`,
      `“Underwriters used to treat river transport as the boring, safe end of the market,” said Oluwaseun Adebayo-Clarke, a marine insurance broker. “That view has not survived three dry summers in a row.”`,
      `Shippers warn that the extra cost will be passed on. A grain exporters’ association estimated that the surcharges, together with lighter loading, add about four dollars to the cost of moving a tonne of wheat from inland silos to the coast.`,
      `Some insurers are offering discounts to operators that share real-time depth readings from their vessels, a scheme they say improves routing decisions. Industry groups said a basin-wide agreement on guaranteed minimum flows would do more than any pricing model to bring premiums down.`,
    ),
    section: 'business',
    tags: ['shipping', 'insurance', 'drought', 'water'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/river-port-cranes.jpg',
      alt: 'Idle cranes stand over a half-empty river port quay with a single barge being loaded.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 75,
    bylines: [
      { byline: 'hannah-okafor', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 4 — business, trade talks (no hero image).
  {
    slug: 'critical-minerals-trade-talks-stall-export-quota',
    headline: 'Critical-minerals trade talks stall over export-quota clause',
    dek: 'Negotiators from twelve producing and consuming countries ended a fourth round without agreement on whether exporters may cap shipments in a shortage.',
    body: paragraphs(
      `Talks on a plurilateral agreement covering lithium, cobalt and rare-earth trade broke up on Thursday without a deal, after negotiators failed to agree on when producing countries may impose temporary export quotas.`,
      `Consuming countries want quotas allowed only in a declared national emergency and for no more than six months. Producers argue they need broader room to protect domestic processing industries they are trying to build.`,
      `“We are close on tariffs, close on standards, and very far apart on quotas,” one delegate said, speaking on condition of anonymity because the talks are confidential. Another said the text was “about 80 per cent agreed, and the other 20 per cent is the part that matters.”`,
      `The chair of the talks, Rosalind Mbeki-Turner, said a fifth round would be scheduled before the end of the year and that a working group would meet in the meantime on a dispute-settlement mechanism modelled on recent environmental treaties.`,
      `Analysts said the stalemate reflected a wider shift in trade diplomacy towards supply security. The draft text is summarised in a [briefing note from a trade research group](https://research.example.org/briefings/critical-minerals-round-four).`,
    ),
    section: 'business',
    tags: ['trade talks', 'diplomacy', 'minerals', 'treaties'],
    language: 'en',
    publishedHoursAgo: 20,
    bylines: [
      { byline: 'hannah-okafor', role: 'author' },
      { byline: 'ampe', role: 'contributor' },
    ],
  },

  // 5 — science.
  {
    slug: 'glacier-survey-meltwater-peak-decade-early',
    headline: 'Glacier survey finds meltwater peak arriving a decade earlier than models predicted',
    dek: 'Four years of field measurements in the Kestrian highlands suggest the glaciers feeding the Serava have already passed “peak water”.',
    body: paragraphs(
      `Glaciers that feed the Serava river are losing ice faster than climate models projected, and the volume of meltwater they supply has probably already peaked, according to a four-year field survey published on Monday.`,
      `The research team, led by glaciologist Dr Yerlan Abenov, combined drone photogrammetry with stake measurements on 38 glaciers. They found that the ice surface had thinned by an average of 1.4 metres a year, nearly double the rate assumed in regional planning models.`,
      `“For a while, shrinking glaciers actually give you more water, because you are spending the capital,” Abenov said. “Our data suggest that phase is ending now, not in the 2040s as we thought.”`,
      `The finding matters for downstream water planning. Melt from glaciers and snow provides most of the river’s flow in late summer, precisely when irrigation demand is highest and rainfall lowest.`,
      `Other scientists called the survey careful but cautioned that four years is a short record. “It is a strong signal, but I would want to see it in satellite gravity data too,” said Dr Anneliese Kraus, a hydrologist who was not involved in the work.`,
      `The authors have released their measurements as an [open dataset](https://data.example.org/kestrian-glacier-survey) and called for a permanent monitoring network funded jointly by the basin states.`,
    ),
    section: 'science',
    tags: ['climate', 'glaciers', 'water', 'research'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/kestrian-glacier-survey.jpg',
      alt: 'Two researchers in red jackets set up a survey drone on grey, debris-covered glacier ice beneath a rocky ridge.',
      caption: 'Researchers prepare a survey flight on a glacier in the Kestrian highlands.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 100,
    bylines: [
      { byline: 'li-wei', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 6 — technology, with emoji in the body.
  {
    slug: 'open-source-streetlight-app-first-month',
    headline: 'City’s open-source streetlight app logs 12,000 reports in its first month',
    dek: 'A small municipal team built a reporting app in ten weeks, published the code, and now three other cities want to use it.',
    body: paragraphs(
      `A streetlight-reporting app built by a five-person municipal team has logged more than 12,000 reports in its first month, and the city says average repair times have fallen from nine days to four.`,
      `Residents photograph a broken lamp, the app reads the number plate fixed to the pole, and a repair ticket goes straight to the maintenance contractor. When the job is done, the person who reported it gets a notification: “Fixed 💡 – thanks for helping!”`,
      `“People love the little light bulb,” said project lead Ingrid Sæther. “We added a 👍 button so neighbours can confirm a report instead of filing duplicates, and that alone cut the noise by a third.”`,
      `The city published the code under an open-source licence on its [public code repository](https://code.example.org/city/streetlights), and three other municipalities have asked to run their own copies. Sæther said the team had deliberately avoided collecting location history or personal data beyond an optional email address.`,
      `Not everyone is convinced. A councillor from the opposition said the app risked favouring neighbourhoods where more people own smartphones 📱, and asked for a phone line and paper forms to stay available. The city says both will remain.`,
    ),
    section: 'technology',
    tags: ['open source', 'civic tech', 'cities'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/streetlight-app.jpg',
      alt: 'A hand holds a smartphone showing a map with light-bulb icons, in front of a street lamp at dusk.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 7,
    bylines: [
      { byline: 'li-wei', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 7 — culture, Spanish.
  {
    slug: 'festival-cine-valparaiso-documental-clima',
    headline: 'Un festival de cine en Valparaíso apuesta por el documental sobre el clima',
    dek: 'La nueva edición del Festival de Cine del Puerto dedica por primera vez toda su sección competitiva a documentales sobre el agua, la sequía y el clima.',
    body: paragraphs(
      `VALPARAÍSO – El Festival de Cine del Puerto abrió el jueves su nueva edición con una apuesta arriesgada: los doce títulos de la competencia oficial son documentales sobre el clima, la sequía y la lucha por el agua.`,
      `«Queríamos películas que hablaran de lo que está pasando aquí y ahora, en los cerros y en los valles», explicó la directora artística, Ximena Aravena Quiroga. «El público ya no quiere que el cambio climático sea solo un dato; quiere rostros e historias».`,
      `Entre las obras más esperadas figura *Río arriba*, de la realizadora Begoña Itúrbide, que sigue durante tres años a una familia de pescadores cuyo estero se seca poco a poco. La película fue ovacionada de pie en su primera proyección.`,
      `El festival también incluye talleres gratuitos para estudiantes de secundaria y una muestra de cortometrajes grabados con teléfonos móviles por jóvenes de comunas rurales.`,
      `Algunos críticos han señalado que un programa tan temático corre el riesgo de resultar repetitivo. La organización responde que la diversidad de miradas –desde el humor hasta el cine de observación– demuestra lo contrario. El palmarés se anunciará el domingo.`,
    ),
    section: 'culture',
    tags: ['cine', 'documental', 'climate', 'festivals'],
    language: 'es',
    heroImage: {
      url: 'https://images.example.com/2025/valparaiso-festival-cine.jpg',
      alt: 'An audience watches a large outdoor screen set up in a hillside plaza, with colourful houses on the slopes behind.',
      caption: 'Proyección al aire libre durante la inauguración del festival.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 130,
    bylines: [
      { byline: 'marta-oliveira-sanchez', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 8 — sport.
  {
    slug: 'harbourside-rovers-late-penalty-first-cup-final',
    headline: 'Late penalty sends Harbourside Rovers to first cup final in 31 years',
    dek: 'A stoppage-time spot kick from captain Niamh Ó Briain sealed a 2-1 semi-final win over Northgate Athletic in front of a sold-out crowd.',
    body: paragraphs(
      `Harbourside Rovers will play in their first cup final for 31 years after captain Niamh Ó Briain converted a stoppage-time penalty to beat Northgate Athletic 2-1 in a tense semi-final on Saturday.`,
      `Northgate had led through a first-half header from Mateus Carvalho and looked to be holding on until substitute Kofi Mensah-Dale equalised with a deflected shot in the 78th minute. The penalty came deep into added time, when Mensah-Dale was tripped as he cut inside.`,
      `Ó Briain, who missed from the spot in last season’s quarter-final, took a long breath before sending the goalkeeper the wrong way. “I was thinking about last year the whole walk up,” she said. “Then I stopped thinking and just hit it.”`,
      `Northgate manager Róisín Delaney said her side had been “the better team for an hour” but conceded they had sat too deep after taking the lead. “You invite pressure and eventually the dam breaks,” she said.`,
      `Rovers, part-time until three seasons ago, now face the holders in the final next month. The club said it had already received more ticket requests than the stadium holds.`,
    ),
    section: 'sport',
    tags: ['football', 'cup final', 'women in sport'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/harbourside-rovers-penalty.jpg',
      alt: 'A footballer in a blue shirt celebrates with arms outstretched as teammates run towards her in front of a packed stand.',
      caption: 'Niamh Ó Briain celebrates after scoring the winning penalty.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 12,
    bylines: [
      { byline: 'sean-o-murchu', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 9 — culture, books (no hero image).
  {
    slug: 'border-town-novel-wins-meridian-prize-translated-fiction',
    headline: 'Novel of a divided border town wins the Meridian Prize for translated fiction',
    dek: 'Judges praised “The Bridge Keepers” for turning a decades-old frontier dispute into “a comedy of neighbours who refuse to stop talking”.',
    body: paragraphs(
      `*The Bridge Keepers*, a novel about a river town split between two countries by a border drawn down the middle of its main street, has won this year’s Meridian Prize for translated fiction.`,
      `Written by Halina Zawadzka-Reyes and translated by Étienne Dufresne, the book follows two families who run rival cafés at either end of a bridge that both governments claim and neither maintains.`,
      `The chair of judges, the critic Amadou Sy, called it “a comedy of neighbours who refuse to stop talking, even when their capitals have nothing left to say to each other”. He singled out the translation for preserving the two languages that collide on almost every page.`,
      `The prize, worth 20,000 euros, is split equally between author and translator. Dufresne said he hoped the award would encourage publishers to take on more books from smaller languages. “Translation is how a border becomes a bridge,” he said.`,
      `The shortlist also included novels translated from Korean, Yoruba, Finnish and Portuguese.`,
    ),
    section: 'culture',
    tags: ['books', 'translation', 'literary prizes'],
    language: 'en',
    publishedHoursAgo: 168,
    bylines: [{ byline: 'priya-raman', role: 'author' }],
  },

  // 10 — politics.
  {
    slug: 'lobbying-register-clears-committee-marathon-session',
    headline: 'Lobbying register clears committee after 14-hour session',
    dek: 'Cross-party support for a public register of meetings between lobbyists and ministers survived a late attempt to exempt regional officials.',
    body: paragraphs(
      `A bill creating a public register of meetings between lobbyists and senior officials cleared the parliamentary standards committee early on Wednesday after a 14-hour session, setting up a final vote in the full chamber before the summer recess.`,
      `The register would require ministers, their advisers and senior civil servants to publish, within 30 days, the date, participants and subject of every meeting with a paid lobbyist. Breaches could lead to fines for lobbying firms and disciplinary action for officials.`,
      `An amendment that would have exempted regional governments was defeated by nine votes to six shortly after 2 a.m. Its sponsor argued that smaller administrations lacked the staff to comply; opponents said the exemption would simply move lobbying to where nobody was watching.`,
      `“Sunlight is cheap,” said committee chair Beatriz Calderón-Voss. “What is expensive is the suspicion that decisions are being bought in rooms nobody knows about.”`,
      `Transparency campaigners welcomed the vote but called for the register to include meetings with former ministers who now work as consultants. The draft bill and committee amendments are available on the [parliament’s legislation portal](https://parliament.example.org/bills/lobbying-register).`,
    ),
    section: 'politics',
    tags: ['parliament', 'transparency', 'lobbying'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/committee-room-night.jpg',
      alt: 'Committee members sit around a horseshoe-shaped table under bright lights, with papers and coffee cups scattered in front of them.',
      caption: 'The standards committee in session shortly after midnight.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 34,
    bylines: [
      { byline: 'farid-haddad', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 11 — politics, elections.
  {
    slug: 'electoral-commission-hand-audit-paper-ballots',
    headline: 'Electoral commission to audit paper ballots by hand in three districts',
    dek: 'The pilot will compare machine counts with a random sample of hand-counted ballots, a step election observers have recommended for years.',
    body: paragraphs(
      `The national electoral commission will hand-count a random sample of paper ballots in three districts after next month’s municipal elections and compare the results with the official machine tallies, it announced on Tuesday.`,
      `The so-called risk-limiting audit draws enough ballots to confirm, with a stated level of confidence, that the machine count picked the right winner. If the sample and the tally disagree beyond a set margin, auditors keep drawing ballots until the question is settled, up to a full recount.`,
      `“This is not because we think anything is wrong,” said commission president Tomás Echeverría-Lund. “It is because we want to be able to show that nothing is wrong, with evidence anyone can check.”`,
      `International observers recommended post-election audits after the last general election, while praising the overall conduct of the vote. Several parties from both government and opposition have backed the pilot.`,
      `The three districts, chosen to include one urban, one suburban and one rural area, will publish the audited ballot counts alongside their results. If the pilot goes well, the commission says audits could be required nationwide by the next general election.`,
      `Diplomatic observers from several neighbouring countries have asked to attend, seeing the pilot as a possible model for their own elections.`,
    ),
    section: 'politics',
    tags: ['elections', 'transparency', 'parliament'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/ballot-audit.jpg',
      alt: 'Election workers in a school gym sort paper ballots into labelled trays on folding tables.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 60,
    bylines: [
      { byline: 'farid-haddad', role: 'author' },
      { byline: 'zoe-ndlovu', role: 'contributor' },
    ],
  },
  // 12 — science, delta monitoring.
  {
    slug: 'sensor-buoys-warn-delta-towns-saltwater-intrusion',
    headline: 'Sensor buoys give delta towns a 48-hour warning of saltwater intrusion',
    dek: 'A network of low-cost floating sensors in the Serava delta is now forecasting when seawater will reach drinking-water intakes.',
    body: paragraphs(
      `A string of 40 solar-powered buoys anchored along the lower Serava is giving water utilities up to 48 hours’ warning before seawater pushes far enough upriver to reach their intakes, engineers said this week.`,
      `Each buoy measures salinity, temperature and depth every ten minutes and sends the readings over a low-power radio network to a forecasting model run by the regional water authority. When the model predicts a salt front approaching, utilities can fill reservoirs early and close intakes before the water turns brackish.`,
      `“Three summers ago we found out the salt had arrived when people complained their tap water tasted of the sea,” said Dr Chidinma Eze-Laurent, who leads the project. “Now we see it coming two days out.”`,
      `The buoys cost about 900 euros each, a fraction of conventional monitoring stations, and are built from off-the-shelf parts. The design and firmware are published under an open licence, and the readings are available as an [open data feed](https://data.example.org/serava-delta-salinity).`,
      `Hydrologists say the data will also be valuable for the new basin commission created under the Geneva accord, which must verify whether upstream states are meeting their dry-season flow commitments. Low river flows are the main reason the salt front advances.`,
      `The team’s biggest problem so far has not been technical. Two buoys were hauled aboard fishing boats in the first month; both were returned, one with a handwritten note asking what it was for.`,
    ),
    section: 'science',
    tags: ['water', 'climate', 'delta', 'research', 'open source'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/delta-sensor-buoy.jpg',
      alt: 'A small yellow buoy with a solar panel and antenna floats on brown river water near reed beds.',
      caption: 'One of the salinity buoys anchored in the Serava delta.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 88,
    bylines: [
      { byline: 'li-wei', role: 'author' },
      { byline: 'zoe-ndlovu', role: 'contributor' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },

  // 13 — world, the talks before the deal.
  {
    slug: 'serava-talks-final-week-envoy-compromise-text',
    headline: 'Serava talks enter final week as envoy tables compromise text',
    dek: 'The UN mediator has circulated a draft that pairs guaranteed dry-season flows with a fund to compensate upstream hydropower producers.',
    body: paragraphs(
      `GENEVA – Negotiations among the seven Serava basin states entered their final scheduled week on Monday after the United Nations envoy, Åsa Lindqvist, circulated a compromise text that delegates described as the most detailed yet.`,
      `The draft, seen by this newspaper, links guaranteed minimum flows during the dry season to a basin fund that would compensate upstream states for electricity they do not generate when they release water from their reservoirs.`,
      `Diplomats said the main obstacles were the size of each country’s contribution to the fund and the powers of an arbitration panel. Kestria, the main upstream state, has so far rejected any arrangement under which outsiders could order its dams to open.`,
      `“Everyone knows what the shape of a deal looks like,” one delegate said. “The question is whether the capitals are willing to sign something that their own farmers or their own power companies will complain about.”`,
      `Lindqvist told reporters she would keep delegations in Geneva over the weekend if necessary. “The river does not take weekends off,” she said. “Neither will we.”`,
      `Previous rounds in the past four years ended without agreement. This one has taken on greater urgency after a third dry summer stranded barges on the lower river and pushed seawater into the delta’s drinking-water intakes.`,
    ),
    section: 'world',
    tags: ['diplomacy', 'water', 'geneva', 'treaties'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/serava-talks-delegates.jpg',
      alt: 'Delegates with name cards and headsets sit around a large U-shaped table in a conference room with flags at one end.',
      credit: 'AMPE',
    },
    creditLine: 'With additional reporting by AMPE',
    publishedHoursAgo: 190,
    bylines: [
      { byline: 'zoe-ndlovu', role: 'author' },
      { byline: 'ampe', role: 'contributor' },
    ],
  },

  // 14 — technology, newsroom tooling.
  {
    slug: 'newsrooms-test-tool-flagging-paste-errors',
    headline: 'Newsrooms test a tool that flags copy-and-paste errors before publication',
    dek: 'The software never changes a word on its own; it simply warns editors when a paragraph appears twice or a name is spelled two different ways.',
    body: paragraphs(
      `Several regional newsrooms are testing an editing assistant that scans stories for the kind of mistakes that slip through on deadline: a paragraph pasted twice, a stray full stop in the middle of a proper noun, or a person whose name is spelled one way in the third paragraph and another way in the ninth.`,
      `Unlike autocorrect, the tool never edits copy itself. It lists warnings next to the story and leaves every decision to a human editor. “A name that looks misspelled is often correctly spelled,” said developer Aigerim Nurlanovna. “Software should ask, not assume.”`,
      `Early results suggest the duplicated-paragraph check is the most useful. Wire copy is frequently assembled from several updates of the same story, and a lead paragraph can easily survive from an earlier version.`,
      `Editors involved in the trial said the warnings were most valuable on agency stories, which are often published with light editing and no staff byline. “When nobody in the building wrote it, nobody in the building reads it as closely,” one night editor admitted.`,
      `The developers plan to add checks for unbalanced quotation marks and for headlines whose quoted phrase does not appear anywhere in the body.`,
    ),
    section: 'technology',
    tags: ['journalism', 'software', 'media'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/newsroom-night-desk.jpg',
      alt: 'A night editor looks at two monitors, one showing an article with several lines highlighted in yellow.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 44,
    bylines: [
      { byline: 'li-wei', role: 'author' },
      { byline: 'priya-raman', role: 'contributor' },
    ],
  },

  // 15 — sport and climate.
  {
    slug: 'city-marathon-moves-start-to-dawn-heatwave',
    headline: 'City marathon moves its start to dawn as heatwave forecast',
    dek: 'Organisers brought the start forward by two and a half hours and added extra water stations after forecasters predicted temperatures above 34C.',
    body: paragraphs(
      `Organisers of Sunday’s city marathon have moved the start forward to 6 a.m. and doubled the number of water and cooling stations after forecasters warned of temperatures above 34C by late morning.`,
      `About 14,000 runners are registered. Race director Gunnhild Åberg said the decision had been taken on medical advice and that runners who wished to defer their entry to next year could do so free of charge.`,
      `“We would rather have a few thousand grumpy people setting alarms at four in the morning than one person in intensive care,” Åberg said.`,
      `Mist showers will be installed every three kilometres in the second half of the course, and medical teams will be able to stop runners showing signs of heat illness. Elite runners said the earlier start could make fast times possible despite the heat.`,
      `It is the third time in five years that a heatwave has forced changes to the race, which once took place in early autumn. Organisers said they were now considering moving it permanently to April.`,
    ),
    section: 'sport',
    tags: ['running', 'heatwave', 'climate'],
    language: 'en',
    heroImage: {
      url: 'https://images.example.com/2025/marathon-dawn-start.jpg',
      alt: 'Thousands of runners in bright clothing fill a wide avenue at first light, with the sun rising between buildings.',
      caption: 'Runners at the start line at dawn.',
      credit: 'Tomasz Wiśniewski',
    },
    publishedHoursAgo: 110,
    bylines: [
      { byline: 'sean-o-murchu', role: 'author' },
      { byline: 'tomasz-wisniewski', role: 'photographer' },
    ],
  },
]

export interface DemoSlot {
  key: string
  label: string
  description: string
  capacity: number
  fill: 'curated' | 'automatic' | 'mixed'
  allowSponsored: boolean
  position: number
  /** The site-wide default items. */
  items: DemoSlotItem[]
  /** Lists of single articles, by article slug. */
  articleItems?: Record<string, DemoSlotItem[]>
}

export type DemoSlotItem =
  | { type: 'article'; article: string }
  | { type: 'external'; url: string; title: string; imageUrl?: string; sponsor: string }

/** The two placements of the page the product was specified from. */
export const demoSlots: DemoSlot[] = [
  {
    key: 'you-may-also-like',
    label: 'You May Also Like',
    description: 'Under the story: editors pin follow-ups, related stories fill the rest.',
    capacity: 4,
    fill: 'mixed',
    allowSponsored: false,
    position: 0,
    items: [],
    articleItems: {
      'serava-basin-states-sign-water-sharing-accord-geneva': [
        { type: 'article', article: 'port-amaran-riziculteurs-accord-serava' },
        { type: 'article', article: 'serava-talks-final-week-envoy-compromise-text' },
      ],
    },
  },
  {
    key: 'recommended-for-you',
    label: 'Recommended for you',
    description: 'Related stories the reader has not read yet, and one labeled sponsored link.',
    capacity: 4,
    fill: 'automatic',
    allowSponsored: true,
    position: 1,
    items: [
      {
        type: 'external',
        url: 'https://cruises.example.com/serava-delta-autumn',
        title: 'Five quiet days on the Serava delta this autumn',
        imageUrl: 'https://cruises.example.com/images/delta-boat.jpg',
        sponsor: 'Delta Line River Cruises',
      },
    ],
  },
]
