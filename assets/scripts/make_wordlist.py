#!/usr/bin/env python3
"""Generate assets/wordlists/fr-passphrase.txt for Carnet.

Output: exactly 4096 (2**12) distinct, common French words, one per line,
sorted, lowercase ASCII a-z only, 4 to 8 letters.  Each word drawn uniformly
gives exactly 12 bits of entropy (a 6-word passphrase = 72 bits).

Pinned inputs (regenerating with these exact versions gives a byte-identical
file; other versions may shift the frequency cut-off by a few words):

    python3 -m pip install "wordfreq==3.1.1" "simplemma==2.0.0"   # Python >= 3.10
    python3 assets/scripts/make_wordlist.py          # writes the file
    python3 assets/scripts/make_wordlist.py --check  # verifies, writes nothing

How the list is built:

1. Candidates: wordfreq 3.1.1 ``top_n_list("fr", 200000, wordlist="large")``,
   i.e. French words ranked by frequency across subtitles, Wikipedia, web,
   news, books, etc.  (wordfreq data: CC BY-SA 4.0, Robyn Speer et al.)
2. Keep only ``[a-z]{4,8}``: this drops every word with an accent, cedilla,
   apostrophe, hyphen or digit, so every word types the same on any keyboard.
3. Dictionary form only: simplemma 2.0.0's French lemma table must map the
   word to itself.  This drops conjugated verbs and plurals ("avait",
   "enfants"), most English words, typos and most proper nouns (simplemma
   maps "jean" to "Jean"; unknown words are absent).  simplemma is only
   used as a yes/no filter; none of its data ends up in the output.
4. Drop words that simplemma also knows in capitalised form ("Chine",
   "Pierre", "Suisse") -- likely proper nouns / first names.
5. Drop words that are clearly more frequent in English than in French
   (wordfreq zipf_en - zipf_fr > 0.5: "show", "team", "news"...).
   Steps 4-5 are skipped for the hand-written ALLOW set (common French
   words such as "petit", "course", "million" that those checks catch).
6. Drop the hand-written BLOCKLIST below: proper nouns and demonyms that
   survived, vulgar/sexual/insulting words, violence, death, illness and
   other medical words (the app is used in medical practices), religion,
   politics/ethnicity, baby talk, and leftover English or inflected forms.
7. Take the 4096 most frequent survivors, sort, write UTF-8 with LF.
"""
import re
import sys
from pathlib import Path

WORDFREQ_VERSION = "3.1.1"
SIMPLEMMA_VERSION = "2.0.0"
N_WORDS = 4096
OUT = Path(__file__).resolve().parent.parent / "wordlists" / "fr-passphrase.txt"

BLOCKLIST = set("""
abattage abattoir abattre abdomen abruti accro agonie agresser agressif alcool
allergie amputer anal anale anatomie angine angoisse anorexie antidote apologie
arme armement armer arsenic arthrite asphyxie assassin assaut asthme atroce
attentat autiste autopsie avorter aveugle bander baise baiser bastonner batard
bavure beauf bite blessant blesser blessure bombe bombarde bordel bourreau
braquage braquer braqueur branle branler branleur cadavre calvaire cancer
carabine carnage cercueil chiant chier chienne chatte cocaine cocu coke coma
connard connasse connerie crever crime criminel cyanure deuil diable djihad
dopage douleur drogue dynamite ejaculer embryon emmerde emmerder enculer enfer
enterrer esclave excision explosif fascisme fasciste facho fesse fion flingue
flinguer foutre foutu fouet fouetter fracture funeste fusil garce gerber ghetto
glande gore goulag grenade grippe gueule gueuler haine haineux hache handicap
harceler hernie homicide homo horreur hostie humilier idiot imbecile incision
inceste infirme injure insulte insulter intestin invalide ivre ivresse ivrogne
kamikaze levrette libido lolita lynchage machette mafia mafieux maladie malade
martyr martyre massacre matraque merde merdeux merdier merdique meuf meurtre
migraine minable missile moelle morgue morphine mort mortel mourant mourir
naze nazi nazisme nicotine nique niquer noyade noyer opium orgasme orgie otage
overdose partouze pendre pervers peste phobie pisse pisser pistolet playboy
poignard poison porno pouf poumon prison prostate psychose puceau putain pute
putsch racaille raciste racisme rein revolver rhume rougeole sadique saigner
salaud salope sang sanglant sanguin seringue sexe sexiste sexuel sexy sida
sniper sodomie sperme stupide sucer suicide suicider supplice syndrome tapette
terreur torpille torture torturer toxine toxique tuant tuer tuerie tueur
tumeur urinaire urine uriner vagin variole vessie vicieux victime viol violer
violeur violence violent vomi vomir voyeur zizi foie glucose insuline vaccin
vacciner cancer seringue ligament tendon membrane sueur salive plaie canicule
biopsie amiante sordide hideux immonde ignoble inculte cretin debile ordure
vermine crasse morveux clochard voyou tronche mater bouffon ringard travesti
sensuel lingerie gigolo pipe clope fumer fumeur tabac pognon fric flic thune
avortement obese nain dope drague draguer guerre guerrier massue sabre glaive
tireur fraude escroc terroriste genocide chiant cracher crachat chialer
couille couillon baston tabasser bagarre sinistre macabre lugubre morbide
cadavre fossoyeur tombe tombeau momie epitaphe pleurer pleurant larme
malheur calomnie crotte bouse fumier pisse caca pipi prout toto gogo gaga bibi
baba titi lulu loulou mimi jojo bobo coco dada tata papi papy mamie zizi

dieu christ islam bible juif musulman pape ramadan imam rabbin chiite sunnite
hindou bouddha messie catho sioniste sionisme marxiste marxisme chanoine
vicaire psaume sabbat sourate diacre religion paroisse messe culte secte
croisade sermon synode mosquee eglise apostat satan cardinal ange

anglais chinois allemand russe espagnol italien belge canadien japonais arabe
parisien grec romain romaine africain indien indienne polonais turc lyonnais
marocain gaulois basque danois syrien mexicain normand normande hongrois
iranien picard serbe libanais tunisien catalan flamand wallon kabyle croate
malien bulgare maltais mongol nippon persan perse irakien gabonais togolais
ivoirien cubain chilien argentin bavarois acadien libyen saoudien afghan
malgache milanais latin maya inca viking celte celtique gascon savoyard
vaudois occitan alsacien nantais rennais lillois genevois limousin prussien
byzantin ottoman ottomane saxon saxonne lorrain slovaque albanais breton
roumain kurde corse latino aztec sarrasin texan yankee hongrois bernois
prussien palatin thrace saxe paca vichy havane bastille chalon malines cora
quimper seine marne olympe minerve pandore cupidon tarzan superman mickey
robinson apollon hercule camus mercier lorette eustache fayard chabot bardot
amandine clarisse jasper axel hidalgo besson merlin brandon spencer fabien
gaspard sabine sierra colin tommy carter voltaire rousseau harper virginie
diane baptiste augustin valentin oscar robin benjamin germain figaro milan
martin marc pascal serge jack bill mark sapiens lebel riviera kiwi maxime
occident orient brumaire germinal dalton mustang jaguar cobra nova gloria
mistral clio renault peugeot bourbon concorde capitole tram

black show team design open girl baby look staff punk derby bang boom miss
master manager leader troll crack spider jackpot gangster hacker booster brunch
flop flirt flirter deal crash boxer scoop smash bull swing coach news star
super foot fiction file plate inter session express taxi junior gang poster
label audio agenda manga pizza labo perso prof appart resto hebdo promo
expo philo info euro mini maxi ultra solo proc dico sono colo amphi hosto
combi kappa alfa alpha gamma delta lambda omnium squat skate surf sushi
burger cookie scotch whisky vodka rhum martini cocktail bikini sexy
jogging shopping camping parking casting timing bowling pressing lifting
roller condo ranch scooter thriller flipper gadget loft motel cola sprint
tango bongo zombie vampire troll avatar modem pixel drone laser turbo kebab

poussa serra prononce manipule stipule resserre gonfle guette remue renverse
redoute moque embrasse prolonge conteste encaisse essuie oublie quitte mets
sors prie rase plie lave bouge joue monte pose trompe roule pique frappe
casse couche garanti agace cogne fourre frotte gratte recharge ramasse
renonce rigole survenue failli apte ledit munie induit issu omis rompu
enfoui fendu cousu bruni conquis convenu couru enrichi affaibli agrandi
abouti aboli accru accrue averti instruit envahi endormi refroidi fleuri
grossi blanchi rempli saisi fourni disparu rendu suivi inclus compris

enceinte vierge nana fosse organe estomac pilule dose clinique urgence cure
malaise veuve veuf divorce divorcer ethnique race ethnie caste diaspora moche
chauve pourri attaque attaquer invasion misogyne macho bigot romano sidi
cheikh biblique vaudou marabout sevrage ablation implant rechute ponction
suture entorse morsure gale bile insomnie cognitif placebo gerbe bave baver
oculaire dentaire dentiste boiteux borgne muet muette sourd sourde enflure
sucette capote extase coquin caresser fantasme exciter excitant jouir viril
verge minou fente gland queue touffe foireux rafle migrant colon colonial
orphelin posthume bayer este calle corte noue matte tain bale vielle sente
gent aune lice rami erre saisine lest verdier sieur bailli amadou folio para
loco banco abat sigle hoche braque induire prive riant plonge saute mouille
perce chauffe coule glisse attrape consulte excluant tombant baissant fermant
tapant sautant invitant incitant causant bloquant adoptant offrant pensant
arrivant rentrant criant usant coulant traitant appelant malaga manille
palma lombard gallo gallois baltique apache cantal chopper piper curie tara
java python lego joker yuan mandarin pinot aspirine bandage braille requiem
maure saouler liber oculus campo rave rayonne sape bure daube dard populace
laideur auditif grosseur pommade viole saoul orifice parano greffe greffer
tympan osseux injecter mouiller rouvre redresse alterne abaisse ouvrant priant
fumant hurlant intox taule aine gauloise
""".split())

# Common French words wrongly caught by the proper-noun check (step 4) or
# the English check (step 5); they still have to pass every other step.
ALLOW = set("""
premier petit prix fort port patron papa bravo manuel lion aube fontaine
marchand innocent barre urbain manche tardif claire second change course
local office central original million stage mine trouble gain stock district
extra correct mental initial rural portion vital rail muscle cape palace tank
habit multiple romance crucial cargo export vocal minimal loyal flexible
distinct apparent valve naval tropical import optimal record standard
""".split())


def main() -> int:
    from wordfreq import top_n_list, zipf_frequency
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DefaultDictionaryFactory,
    )

    from importlib.metadata import version

    for pkg, want in (("wordfreq", WORDFREQ_VERSION), ("simplemma", SIMPLEMMA_VERSION)):
        got = version(pkg)
        if got != want:
            print(f"warning: {pkg} {got} installed, script pinned to {want}; "
                  "output may differ", file=sys.stderr)

    lemmas = DefaultDictionaryFactory().get_dictionary("fr")
    shape = re.compile(r"[a-z]{4,8}")

    picked = []
    seen = set()
    for w in top_n_list("fr", 200000, wordlist="large"):
        if w in seen or not shape.fullmatch(w) or w in BLOCKLIST:
            continue
        if lemmas.get(w) != w:                      # not a dictionary form
            continue
        if w not in ALLOW:
            if lemmas.get(w.capitalize()) is not None:  # also a proper noun
                continue
            if zipf_frequency(w, "en") - zipf_frequency(w, "fr") > 0.5:
                continue                                # mostly English
        seen.add(w)
        picked.append(w)
        if len(picked) == N_WORDS:
            break

    if len(picked) != N_WORDS:
        print(f"error: only {len(picked)} words", file=sys.stderr)
        return 1
    last = picked[-1]
    text = "\n".join(sorted(picked)) + "\n"

    if "--check" in sys.argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    if "--by-rank" in sys.argv:  # review aid: print in frequency order
        print("\n".join(picked))
        return 0

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(text.encode("utf-8"))
    print(f"wrote {OUT} ({N_WORDS} words; rarest kept: {last!r}, "
          f"zipf {zipf_frequency(last, 'fr')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
