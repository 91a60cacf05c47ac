// Writes demo-askgmp.jsonl: an invented #askGMP "office hours" session of Greater Millbrook Police
// (a fictional force; every account and link here is made up). Seeded, so the output is stable:
//   node packages/server/data/generate-demo-askgmp.mjs > packages/server/data/demo-askgmp.jsonl
// It includes posts that moderation filters should catch (profanity, link spam, repeats, a flood),
// and a Q&A: the host asks Q1…Q5, participants answer with A1…A5 (or by replying to or quoting the
// question, once after the next question was asked), people ask their own questions, and the host
// answers some of those by replying to them (`replyTo`), so threads link at ingest.

/** mulberry32: a tiny seeded PRNG, so re-running the script gives the same file. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261121);
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
/**
 * Picks each entry at most once (`undefined` when used up), so chance alone does not make
 * duplicate posts: the only repeated texts are retweets and the filter bait.
 */
const dealers = new Map();
function deal(list) {
  if (!dealers.has(list))
    dealers.set(
      list,
      [...list].sort(() => random() - 0.5),
    );
  return dealers.get(list).pop();
}
const CDN = 'https://media.example.org';

const host = {
  id: '900000001',
  handle: 'GMillbrookPolice',
  name: 'Greater Millbrook Police',
  avatar: `${CDN}/avatars/gmillbrook-police.png`,
  verified: true,
};

// Invented participants: [handle, display name, language].
const people = [
  ['priya_rides', 'Priya Natarajan', 'en'],
  ['dan_the_van', 'Dan Okafor', 'en'],
  ['millbrook_mum3', 'Sarah Whitlock', 'en'],
  ['cerys_ll', 'Cerys Llewellyn', 'cy'],
  ['rhys_abertawe', 'Rhys Pritchard', 'cy'],
  ['kasia_w', 'Kasia Wiśniewska', 'pl'],
  ['tomek_kraw', 'Tomasz Krawczyk', 'pl'],
  ['ayesha_k', 'Ayesha Khan', 'ur'],
  ['imran_m_', 'Imran Malik', 'ur'],
  ['jojo_codes', 'Jo Brennan 👩🏽‍💻', 'en'],
  ['the_real_mo', 'Mo Haddad', 'en'],
  ['gran_edna', 'Edna Fairweather', 'en'],
  ['cycle_millbrook', 'Cycle Millbrook', 'en'],
  ['lewis_h', 'Lewis Hartley', 'en'],
  ['aisha_b', 'Aisha Bello', 'en'],
  ['sam_pride', 'Sam 🏳️‍🌈', 'en'],
  ['northend_neighbours', 'North End Neighbours', 'en'],
  ['marcus_t', 'Marcus Thorne', 'en'],
  ['becca_runs', 'Becca Lowe', 'en'],
  ['chen_wei', 'Wei Chen', 'en'],
  ['fiona_mcd', 'Fiona McDermott', 'en'],
  ['kwame_a', 'Kwame Asante', 'en'],
  ['oldtown_cafe', 'Old Town Café', 'en'],
  ['hannah_s', 'Hannah Stein', 'en'],
  ['raj_p', 'Raj Patel', 'en'],
  ['ellie_student', 'Ellie Marsh', 'en'],
  ['georgie_b', 'Georgie Bancroft', 'en'],
  ['nadia_r', 'Nadia Rahman', 'en'],
  ['paddy_o', 'Patrick O’Neill', 'en'],
  ['liv_writes', 'Olivia Grant', 'en'],
  ['tariq_z', 'Tariq Zaman', 'en'],
  ['dad_of_three', 'Chris Dobson 👨‍👩‍👧', 'en'],
  ['yusuf_d', 'Yusuf Demir', 'en'],
  ['maria_g', 'María González', 'en'],
  ['ben_allotment', 'Ben Carver', 'en'],
  ['zoe_q', 'Zoë Quinn-Adams', 'en'],
  ['millbrook_uni_su', 'Millbrook Uni SU', 'en'],
  ['shaz_h', 'Shazia Hussain', 'en'],
  ['tom_taxi', 'Tom Reilly', 'en'],
  ['lucy_vet', 'Lucy Ashworth', 'en'],
  ['amir_s', 'Amir Sadeghi', 'en'],
  ['jess_m', 'Jess Morton', 'en'],
  ['olu_f', 'Olumide Fashola', 'en'],
  ['kieran_b', 'Kieran Boyle', 'en'],
  ['hollie_dog', 'Hollie & Biscuit 🐕', 'en'],
  ['frank_retired', 'Frank Dyson', 'en'],
  ['anya_k', 'Anya Kowalczyk', 'pl'],
  ['gwen_ap', 'Gwen ap Dafydd', 'cy'],
  ['bilal_q', 'Bilal Qureshi', 'ur'],
  ['neil_councillor', 'Neil Pemberton', 'en'],
  ['saoirse_k', 'Saoirse Kelly', 'en'],
  ['vik_s', 'Vikram Sethi', 'en'],
  ['mel_nightshift', 'Mel Harding', 'en'],
  ['ade_o', 'Adeola Ogun', 'en'],
  ['callum_j', 'Callum Jefferies', 'en'],
  ['ruth_library', 'Ruth Pennington', 'en'],
  ['leon_skates', 'Leon Baptiste', 'en'],
  ['ivy_l', 'Ivy Lam', 'en'],
  ['joe_market', 'Joe Sturgess', 'en'],
  ['farah_n', 'Farah Noor', 'en'],
  ['pete_cabbie', 'Pete Quayle', 'en'],
  ['daisy_w', 'Daisy Warburton', 'en'],
  ['hamza_y', 'Hamza Yilmaz', 'en'],
  ['grace_e', 'Grace Ekwueme', 'en'],
  ['owen_bikes', 'Owen Marsh', 'en'],
  ['stef_m', 'Stefania Moretti', 'en'],
  ['ali_youthclub', 'Ali Rashid', 'en'],
  ['rosie_p', 'Rosie Pickering', 'en'],
].map(([handle, name, lang], i) => ({
  author: {
    id: String(910000000 + i * 7919),
    handle,
    name,
    ...(i % 3 === 0 ? { avatar: `${CDN}/avatars/${handle}.jpg` } : {}),
    verified: false,
  },
  lang,
}));
const english = people.filter((p) => p.lang === 'en');

// Accounts whose posts filters should catch.
const spammer = {
  author: { id: '966600001', handle: 'cash_fast_2026', name: 'Earn From Home 💰', verified: false },
  lang: 'en',
};
const flooder = {
  author: { id: '966600002', handle: 'angry_of_millbrook', name: 'Disgusted of Millbrook', verified: false },
  lang: 'en',
};

const tagSpellings = ['#askGMP', '#askGMP', '#askGMP', '#askgmp', '#AskGMP', '#ASKGMP'];
const tag = () => pick(tagSpellings);

const topics = [
  {
    q: 'Q1: Bike theft is up this spring 🚲 How do you keep your bike safe? Share your tips, and ask us anything!',
    a: (h) =>
      `@${h} Great question. Use a D-lock through the frame, register it free at https://bikeregister.example.org and report thefts online or on 101. 🔐`,
    questions: [
      'My bike was nicked from outside the station last week. Does anyone actually look at the CCTV?',
      'Is a D-lock really better than a chain? Asking before I spend £60 on one 🚲',
      'Where in town is safe to leave a bike overnight?',
      'Do you ever recover stolen bikes? Mine had a frame number 🤞',
      'Can you do bike marking at the Saturday market again? It was brilliant last year 👍🏾',
      'Why does it take 3 days to get a crime number for a stolen bike?',
      'Is it legal to put an AirTag in my bike frame and go get it back myself?',
      'Seen the same lad with bolt cutters near the park twice. Who do I tell?',
      'Do e-bikes need different locks? Battery theft is a thing now',
      'any plans for more secure cycle parking at the retail park?',
      'Registered my bike at https://bikeregister.example.org/check – is that the one you use?',
      'Do you share recovered bike photos anywhere online?',
    ],
  },
  {
    q: 'Q2: Scams and fraud 📞 Phone, text, online shopping, romance scams. Which ones have you seen lately?',
    a: (h) =>
      `@${h} Never move money because a caller says your account is at risk. Hang up, wait 5 mins, call your bank on the number on your card. More: https://millbrook-police.example.org/fraud`,
    questions: [
      'My gran got a call from "the bank" asking her to move money to a safe account. Is that always a scam?',
      'Got a text saying a parcel is held and I need to pay £1.45. Fake right?',
      'How do I report a scam website? The one I found copies a real shop exactly',
      'Is there a number I can forward scam texts to?',
      'Someone cloned my Facebook and is asking my friends for money 😩 what do I do?',
      'Do you ever get the money back for people who were scammed?',
      'Can you come and talk to our over-60s group about scams? We meet Thursdays',
      'My dad believes anyone who says they are from the police. How can he check it is really you?',
      'I paid a deposit for a flat viewing and the "landlord" vanished. Is that police or trading standards?',
      'Are crypto investment adverts with celebrities all fake?',
      'How do I know if a charity collector at the door is genuine?',
      'Had a call from "HMRC" threatening arrest. Hung up. Should I still report it?',
    ],
  },
  {
    q: 'Q3: Roads 🚗 Speeding, parking on pavements, dangerous driving. Which road near you worries you most?',
    a: (h) =>
      `@${h} You can send dashcam or helmet-cam footage through our portal: https://millbrook-police.example.org/dashcam. Every clip gets reviewed by the roads team.`,
    questions: [
      'Cars do 50 on Station Road every evening. Can we get a speed camera?',
      'Who deals with pavement parking? I cannot get my pram past on Elm Grove',
      'Can I send you dashcam footage of a near miss? Where does it go?',
      'Community Speedwatch volunteers wanted? I would sign up',
      'Is it illegal to use your phone at the lights? Saw three people today',
      'What happens to drivers caught on helmet-cam footage? Do they get a letter?',
      'Boy racers in the retail park car park every Friday night. Noise is unbearable',
      'Can you do more checks outside the primary school at home time? 👨‍👩‍👧',
      'Are e-scooters legal on the road here or only the trial ones?',
      'How fast do you have to go to get points on a 20 zone?',
      'Lorries keep cutting through the village to avoid the bypass. Is that a police matter?',
      'Why do I never see traffic officers on the ring road any more?',
    ],
  },
  {
    q: 'Q4: Your neighbourhood 🏘️ What would make you feel safer where you live? Questions about your local team welcome too!',
    a: (h) =>
      `@${h} Find your neighbourhood team and their next beat surgery at https://millbrook-police.example.org/your-area. Report ASB online or on 101; 999 if it is happening now and someone is in danger.`,
    questions: [
      'How do I find out who my local PCSO is?',
      'Is it worth reporting ASB if nothing ever happens?',
      'Our street has had 4 car break-ins this month. Can we get a patrol?',
      'Do you still do beat surgeries? Used to be one at the library',
      'When should I call 999 and when 101? Honestly never sure',
      'Can I report something anonymously?',
      'Drug dealing in the alley behind the shops, every single day. Reported loads',
      'Can you come to our residents meeting next month?',
      'Fireworks being set off at cars and buses. Whose job is that?',
      'Is there a neighbourhood watch scheme I can join in the North End?',
      'What counts as harassment? Neighbour keeps filming our house',
      'How do I report a hate crime without going to a station? 🏳️‍🌈',
    ],
  },
  {
    q: 'Q5: Fancy joining us? 👮 Careers, special constables, volunteering, cadets. What would make you sign up?',
    a: (h) =>
      `@${h} Yes! Specials give at least 16 hours a month and get full training. Open evening details: https://millbrook-police.example.org/join 👮🏾‍♀️`,
    questions: [
      'Can you become a special constable if you work full time?',
      'Is there an age limit for joining? I am 52',
      'Do you need a degree to join now?',
      'How do the police cadets work? My 14 year old is keen',
      'Can I join with a tattoo on my hand?',
      'Do you take volunteers who are not officers, like for the front desk?',
      'What is the fitness test like? Asking for me 😅',
      'Are there roles in digital forensics? I am a developer 👩🏽‍💻',
      'How long is the training for new officers?',
      'Do you recruit people whose first language is not English? I speak Polish and Urdu',
      'Is there support for officers who are neurodivergent?',
      'When is the next open evening?',
    ],
  },
];

const reactions = [
  'Really useful session, thanks {host} 🙏',
  'Following along tonight {tag} 👀',
  'Great to see the police doing this {tag} 👍🏾',
  'This is so helpful, sharing with my street WhatsApp {tag}',
  'Love that you are answering everything {tag} 💙',
  'Good answer. More of this please {tag}',
  'Thanks for answering mine {host} {tag} 👍',
  'Just caught up on the thread, brilliant {tag}',
  'Wish more forces did this {tag} 👏🏽',
  'Taking notes for our residents newsletter {tag} 📝',
  '{tag} so much better than waiting on 101 for an hour 😂',
  'Bookmarking this thread {tag} 🔖',
  'My mum is watching this too, she says hello {host} 👋🏾 {tag}',
  'Didn’t know half of this. Cheers {tag}',
  'Can you do one of these on a Saturday morning? {tag}',
  'That bike register link is handy, saved it {tag}',
  'Honest answers, appreciated {tag} 🙌🏿',
  'Shared with the Millbrook Uni freshers page {tag}',
  'First time joining one of these. Good stuff {tag} 🙂',
  'Ooh this next topic is the one I came for {tag}',
  'Fair play for doing this on a weeknight {tag} 👏',
  'Who runs your account? Very quick replies tonight {tag} 😄',
  'Screenshotting this for my dad {tag} 📱',
  'Nice one {host}, this is what community policing should look like {tag}',
  'Lots of bike questions, clearly a big issue round here {tag} 🚲',
];

const thanks = [
  'thank you, that really helps 🙏',
  'brilliant, cheers for the quick answer',
  'thanks! Will do that tonight 👍🏾',
  'perfect, exactly what I needed to know',
  'diolch! / thanks 🙂',
  'great, sharing this with my neighbours',
];

const replies = [
  'same here!',
  'this happened to us too 😩',
  'good shout',
  'agree 100%',
  '+1, following this',
  'we had the same on our road last month',
  'ha, I was about to ask exactly this',
  'did you ever get an answer on that?',
  'you can do it online now, took me 5 minutes',
  'my cousin is a special, she loves it 👍🏾',
  'report it every time, honestly it does help',
  'try the council too, they sorted ours',
];

const otherLangs = {
  cy: [
    'Diolch am yr wybodaeth, defnyddiol iawn! {tag}',
    'Oes modd riportio lladrad beic ar-lein yn Gymraeg? {tag}',
    'Sesiwn gwych heno, diolch {host} 👍🏾 {tag}',
  ],
  pl: [
    'Czy mogę zgłosić kradzież roweru przez internet? {tag}',
    'Dziękuję za odpowiedź! Bardzo pomocne 🙏 {tag}',
    'Czy macie informacje o oszustwach po polsku? {tag}',
  ],
  ur: [
    'کیا میں آن لائن رپورٹ درج کر سکتا ہوں؟ {tag}',
    'بہت شکریہ، یہ معلومات بہت مفید ہیں 🙏 {tag}',
    'کیا آپ کی ویب سائٹ اردو میں دستیاب ہے؟ {tag}',
  ],
};

/** Comments and experiences people share under each prompt, in topic order. */
const comments = [
  [
    'Had two bikes stolen from the same rack in a year. Gave up and bought a folding one 😩',
    'Top tip: photograph your frame number and keep it on your phone',
    'The bike shop on Mill Lane does cheap marking kits, worth it',
    'Our building finally put a locked bike store in. Game changer 🔐',
    'My kid’s bike went from the front garden in broad daylight 👨‍👩‍👧',
    'Got mine back after 3 weeks thanks to a Facebook group, no joke',
    'Cable locks are useless, learned that the hard way',
    'Would love a bike marking event at the uni 🚲',
  ],
  [
    'Nearly fell for the HMRC one last year, they sounded so convincing',
    'Tip for everyone: banks never ask you to move money to a safe account',
    'My nan’s phone gets 5 scam calls a day, it’s relentless',
    'Someone tried the “Hi Mum, new number” WhatsApp on my mum 🙄',
    'Got a fake parking fine QR code on my windscreen last week',
    'Our bank branch has great posters on this, worth a read',
    'Reported a fake shop advert, it was back up the next day',
    'Romance scams are so cruel, a friend lost thousands',
  ],
  [
    'Station Road at school time is genuinely scary',
    'The new 20 zone has made a difference on our street tbh',
    'Sent in helmet-cam footage last year, driver got a course. Worth doing',
    'Please do something about the junction by the leisure centre',
    'So many people on their phones at the wheel, it’s mad',
    'Speedwatch in our village has slowed people down a lot',
    'E-scooters on the pavement by the station are a menace',
    'Pavement parking is the worst on Elm Grove, can’t get a wheelchair past',
  ],
  [
    'Our PCSO is brilliant, knows everyone on the estate 👍🏾',
    'Didn’t know about beat surgeries, will go to the next one',
    'The 101 online form is actually quite quick now',
    'We set up a street WhatsApp after the break-ins, helps a lot',
    'Fireworks season is awful for our dog 🐕',
    'Really glad you mentioned hate crime reporting 🏳️‍🌈',
    'The park has felt much safer since the new lighting went in',
    'Residents meeting is 2nd Tuesday at the community centre if anyone’s interested',
  ],
  [
    'Did my specials training last year, best thing I’ve done 👮',
    'My daughter joined the cadets, she’s grown so much in confidence',
    'Been thinking about applying for ages. Maybe this is the push I need',
    'Would love to see more women in the roads team 👩🏽‍💻',
    'Open evening last year was really well run',
    'Digital forensics sounds fascinating tbh',
    'Being bilingual must be so useful on the job',
    'Respect to anyone who does this as a volunteer 🙏',
  ],
];

const goodbyes = {
  cy: 'Nos da pawb, diolch am y sesiwn! {tag}',
  pl: 'Dobranoc, dzięki za sesję! {tag}',
  ur: 'شکریہ، اگلے مہینے ملتے ہیں {tag}',
  en: ['Thanks all, see you next month {tag} 👋🏾', 'Great session, night all {tag} 🌙'],
};

const records = [];

/** Adds a record; `replyTo` / `quoteOf` may name another record, resolved to its id at the end. */
function post(offset, who, text, extra = {}) {
  const { lang = who.lang ?? 'en', ...rest } = extra;
  const record = {
    offset: Math.round(offset * 10) / 10,
    id: '',
    author: who.author ?? who,
    text,
    lang,
    ...rest,
  };
  records.push(record);
  return record;
}
const fill = (template, who = host) =>
  template.replaceAll('{tag}', tag()).replaceAll('{host}', `@${host.handle}`).replaceAll('{who}', `@${who.handle}`);

// Opening.
post(
  0,
  host,
  `Good evening Millbrook! 👋 Our #askGMP office hours start now. Five topics over the next 20 minutes: ask us anything with #askGMP. Officers from our neighbourhood, roads and fraud teams are here.`,
);
post(6.5, host, `Quick reminder: this is not for reporting crimes. In an emergency always call 999. #askGMP`);
post(14, pick(english), fill('Evening all! Kettle on, ready for {tag} ☕'));
post(19, pick(english), `RT @${host.handle}: Good evening Millbrook! 👋 Our #askGMP office hours start now.`, {
  repost: true,
});
post(27, people[9], fill('Here for the digital forensics questions later 👩🏽‍💻 {tag}'));
post(33, people[15], fill('Hi from the North End 🏳️‍🌈 {tag}'));

let t = 45;
const asked = []; // audience question records, for host answers
let late; // an answer to the previous prompt, posted after the next one
topics.forEach((topic, n) => {
  const qTime = t;
  const question = post(
    qTime,
    host,
    `${topic.q} ${n === 2 ? '#AskGMP' : '#askGMP'}`,
    n === 0
      ? {
          media: [
            {
              type: 'image',
              url: `${CDN}/askgmp/q1-bike-locks.jpg`,
              alt: 'Three bike locks on a table: a D-lock, a chain and a cable lock',
              width: 1200,
              height: 800,
            },
          ],
        }
      : {},
  );
  // Participants answer the prompt at once: with A<n>, by replying to it and by quoting it.
  const answer = (offset, form) => {
    const comment = deal(comments[n]);
    const who = pick(english);
    if (form === 'A') post(offset, who, `A${n + 1}: ${comment} ${tag()}`);
    if (form === 'reply') post(offset, who, `@${host.handle} ${comment}`, { reply: true, replyTo: question });
    if (form === 'quote') post(offset, who, `${comment} ${tag()}`, { quote: true, quoteOf: question });
  };
  answer(qTime + 2, 'A');
  answer(qTime + 9, 'reply');
  answer(qTime + 16, 'quote');
  // Someone answers the previous question after this one was asked: A<n> still joins Q<n>.
  if (late) post(qTime + 21, pick(english), `A${n}: ${late} ${tag()}`);
  late = deal(comments[n]);
  // A burst of questions right after the prompt, thinning out.
  let at = qTime + 3;
  const order = [...topic.questions].sort(() => random() - 0.5);
  const burst = 31 + Math.floor(random() * 6);
  for (let i = 0; i < burst; i++) {
    at += 1 + random() * (1.5 + i * 0.5);
    const who = pick(people);
    let text;
    let extra = {};
    const roll = random();
    const foreign = otherLangs[who.lang] && roll < 0.3 ? deal(otherLangs[who.lang]) : undefined;
    const reaction = roll >= 0.75 ? deal(reactions) : undefined;
    const rts = records.filter((r) => r.repost && r.offset > qTime).length;
    if (foreign) {
      text = fill(foreign);
    } else if (order.length > 0 && roll < 0.6) {
      text = `${order.shift()} ${tag()}`;
    } else if (roll < 0.68 && records.length > 3 && dealers.get(replies)?.length !== 0) {
      const earlier = records[records.length - 1 - Math.floor(random() * 3)];
      const answer = deal(replies);
      text = `@${earlier.author.handle} ${answer}${chance(0.5) ? ` ${tag()}` : ''}`;
      extra = { reply: true };
    } else if (reaction) {
      text = fill(reaction);
    } else if (rts < 3) {
      text = `RT @${host.handle}: ${topic.q.slice(0, 80)}…`;
      extra = { repost: true };
    } else {
      const comment = deal(comments[n]);
      if (!comment) continue;
      text = chance(0.5) ? `A${n + 1}: ${comment} ${tag()}` : `${comment} ${tag()}`;
    }
    const lang = /[\u0600-\u06ff]/.test(text)
      ? 'ur'
      : /[ąęłńśźż]|Czy|Dziękuję/.test(text)
        ? 'pl'
        : /Diolch|Oes modd|Sesiwn/.test(text)
          ? 'cy'
          : 'en';
    const record = post(at, who, text, { ...extra, lang });
    if (text.includes('?') && !extra.reply) asked.push(record);
  }
  // The host answers two of the audience's questions of this topic, each with a reply to it; the
  // others stay open for the recap's follow-up list.
  const recent = asked.splice(0).filter((r) => r.offset > qTime);
  const firstQ = recent.splice(Math.floor(random() * recent.length), 1)[0];
  const first = firstQ.author;
  post(at + 6, host, `${topic.a(first.handle)} #askGMP`, { reply: true, replyTo: firstQ });
  post(at + 9, pick(people), `RT @${host.handle}: ${topic.a(first.handle).slice(0, 90)}…`, { repost: true });
  post(at + 14, first, `@${host.handle} ${deal(thanks)} ${tag()}`, { reply: true });
  const secondQ = recent[Math.floor(random() * recent.length)];
  const second = secondQ.author;
  post(
    at + 25,
    host,
    `@${second.handle} ${pick([
      'We hear you. Our neighbourhood sergeant will DM you to follow this up.',
      'Yes. Please report it each time: every report helps us put patrols where they are needed.',
      'Good point, we will take that back to the team and post an update next week.',
    ])} #askGMP`,
    { reply: true, replyTo: secondQ },
  );
  t = at + 35 + random() * 10;

  // Filter bait, spread over the session.
  if (n === 0) {
    post(
      at + 18,
      pick(english),
      `Honestly the response times round here are sh*t. Waited 2 days for someone to turn up #askGMP`,
    );
  }
  if (n === 1) {
    const spam = '💰 Make £500 a day from home!!! No experience needed 👉 https://quick-cash.example.net/start #askGMP';
    post(qTime + 20, spammer, spam);
    post(qTime + 52, spammer, spam);
    post(qTime + 95, spammer, spam);
    post(qTime + 61, people[6], 'Mój tata dostał SMS-a o paczce do odebrania. To oszustwo? #askGMP', { lang: 'pl' });
    post(at + 20, spammer, 'Police HATE this one trick 😱 https://quick-cash.example.net/trick #askgmp');
  }
  if (n === 2) {
    post(qTime + 30, pick(english), 'What a load of crap, nobody enforces the 20 limit anyway #askGMP', { media: [] });
    post(at + 19, people[4], 'Dashcam clip from this morning, van through a red light on the ring road #askGMP', {
      media: [
        {
          type: 'video',
          url: `${CDN}/askgmp/dashcam-ring-road.jpg`,
          alt: 'Dashcam still of a white van crossing a red light',
          width: 1280,
          height: 720,
        },
      ],
      lang: 'en',
    });
  }
  if (n === 3) {
    // One account floods the wall within a minute.
    const rants = [
      'NOBODY EVER COMES #askGMP',
      'useless. absolutely useless #askGMP',
      'answer my question!!! #askGMP',
      'why are you ignoring me #askGMP',
      'still waiting… #askGMP',
      'typical. b*llocks answers again #askGMP',
      'answer my question!!! #askGMP',
      'I pay your wages #askGMP',
      'NOBODY EVER COMES #askGMP',
    ];
    rants.forEach((text, i) => post(qTime + 12 + i * 4.5, flooder, text));
  }
  if (n === 4) {
    post(qTime + 40, people[31], `Took the kids to the cadets open day last year, they loved it 👨‍👩‍👧 ${tag()}`, {
      media: [
        {
          type: 'image',
          url: `${CDN}/askgmp/cadets-open-day.jpg`,
          alt: 'Two children in high-vis vests next to a police car',
          width: 1080,
          height: 1080,
        },
      ],
    });
    post(qTime + 70, people[46], 'Czy można wstąpić do policji bez brytyjskiego obywatelstwa? #AskGMP', { lang: 'pl' });
    post(qTime + 44, pick(english), 'damn, wish I had known about the specials 10 years ago #askGMP');
  }
});

// Closing.
post(
  t,
  host,
  `That's a wrap on tonight's #askGMP! 🙏 Thank you for 200+ questions and comments. Anything we did not get to, our teams will answer this week. Next session: first Thursday of next month.`,
);
post(t + 4, pick(english), `RT @${host.handle}: That's a wrap on tonight's #askGMP! 🙏`, { repost: true });
for (const who of [people[3], people[5], people[7], people[20], people[44]]) {
  t += 3 + random() * 6;
  const text = fill(who.lang === 'en' ? deal(goodbyes.en) : goodbyes[who.lang]);
  post(t, who, text, { lang: who.lang });
}

records.sort((a, b) => a.offset - b.offset);
// Ids grow with time, as X ids do.
records.forEach((r, i) => (r.id = String(1859300000000000000n + BigInt(i + 1) * 104729n)));
for (const r of records) {
  if (r.replyTo) r.replyTo = r.replyTo.id;
  if (r.quoteOf) r.quoteOf = r.quoteOf.id;
}
process.stdout.write(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
