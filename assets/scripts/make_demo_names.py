#!/usr/bin/env python3
"""Generate the synthetic-patient name tables in assets/demo/ for Carnet.

Writes (UTF-8, LF, no BOM, "name<TAB>weight", sorted by weight desc, then
name):

    assets/demo/surnames.tsv
    assets/demo/first_names_f.tsv
    assets/demo/first_names_m.tsv

Usage (pinned; the output is byte-identical on every run):

    python3 -m pip install "Faker==40.54.0"
    python3 assets/scripts/make_demo_names.py          # writes the files
    python3 assets/scripts/make_demo_names.py --check  # verifies, writes nothing

Sources -- see assets/demo/README.md for the full, honest breakdown:

* Surname head: the 400 surnames of Faker 40.54.0's fr_FR person provider
  (MIT licence, (c) 2012 Daniele Faraglia), which are listed in the order of
  the classic ranking of the most frequent surnames in France.  A few of them
  are stored without accents in Faker; ACCENT_FIXES restores the usual
  spelling (Benard -> Bénard, Traore -> Traoré...).
* Everything else (extra surnames, origin groups, first names, all weights)
  is hand-written for Carnet from general knowledge.  The weights are
  ESTIMATES, not official statistics (INSEE's files were not reachable).

Surname weights:
  French-origin names get an "approximate bearers per million inhabitants"
  value from a smooth rank curve (ANCHORS; MARTIN = 3000, i.e. ~0.3 %).
  Names of other origins are grouped (GROUP_SHARE); each group's total is
  set so that its share of the whole file matches a rough estimate of the
  share of people in France carrying such names.  Faker's head already
  contains some of them (Garcia, Da Silva, Nguyen, Diallo...): they keep
  their rank-curve weight and count towards their group.
First-name weights: estimated thousands of people born in France 1930-2020
  with that first name (all cohorts pooled).
"""
import math
import sys
import unicodedata
from pathlib import Path

FAKER_VERSION = "40.54.0"
DEMO = Path(__file__).resolve().parent.parent / "demo"

# ---------------------------------------------------------------- surnames --

ACCENT_FIXES = {
    "Andre": "André", "Carre": "Carré", "Benard": "Bénard",
    "Menard": "Ménard", "Hebert": "Hébert", "Mahe": "Mahé", "Mace": "Macé",
    "Peron": "Péron", "Pages": "Pagès", "Traore": "Traoré",
    "Laine": "Lainé", "Barthelemy": "Barthélemy", "Regnier": "Régnier",
    "Goncalves": "Gonçalves", "Benoit": "Benoît",
}

# Faker head names that belong to a non-French origin group.
HEAD_GROUPS = {
    "es": "Garcia, Martinez, Lopez, Sanchez, Perez, Fernandez, Rodriguez, "
          "Gonzalez, Gomez, Hernandez, Ruiz, Navarro, Gimenez, Moreno, Diaz, "
          "Torres, Munoz, Ramos",
    "pt": "Da Silva, Pereira, Ferreira, Dos Santos, Rodrigues, Fernandes, "
          "Gonçalves, Martins, Lopes, Ribeiro, Marques, Alves, De Oliveira, "
          "Teixeira, Costa, Pinto, Dias, Pires, Mendès, Da Costa, De Sousa, "
          "Gomes",
    "it": "Rossi",
    "af": "Diallo, Traoré",
    "as": "Nguyen",
}

# More French-origin surnames (all regions, overseas departments included),
# roughly in decreasing frequency; they continue Faker's ranking from 401.
FRENCH_EXTRA = """
Bouchard, Lacoste, Hoffmann, Guillemin, Leblond, Boissier, Jacquemin, Favre,
Gervais, Lebeau, Bérard, Chevrier, Cros, Huguet, Sabatier, Delage, Carrère,
Grand, Granger, Lefranc, Roques, Favier, Benoist, Bastien, Lacour, Lafon,
Godin, Billard, Cornu, Bourdin, Léonard, Geoffroy, Chambon, Delcourt, Combes,
Rigaud, Hamelin, Chapuis, Delacroix, Delaporte, Bonnard, Dubreuil, Duclos,
Barthe, Prigent, Jamet, Charbonnier, Zimmermann, Le Floch, Le Bihan, Le Guen,
Le Corre, Le Gal, Le Meur, Le Bris, Le Berre, Le Roy, Le Brun, Blondeau,
Baudouin, Forestier, Ferré, Lamarque, Lebas, Lepage, Levasseur, Martinet,
Maurin, Morand, Parisot, Pinel, Provost, Ricard, Rossignol, Thébault, Abel,
Achard, Amiot, Ancel, Arnoux, Aubin, Audibert, Auvray, Avril, Barreau, Baudet,
Baudin, Bayle, Beaulieu, Beaumont, Belin, Bellanger, Bergeron, Berthier,
Berthet, Besse, Billon, Binet, Blaise, Blanchon, Bocquet, Boisson, Bonnefoy,
Bordes, Bosc, Boudet, Boulet, Bourguignon, Boutet, Brault, Brisset, Brossard,
Bureau, Busson, Cadiou, Caillaud, Caillet, Castel, Cazenave, Chabert,
Champion, Charlot, Chatelain, Chiron, Clavel, Courtin, Cuvelier, Danel,
Darras, Dauphin, Debray, Declercq, Deconinck, Dehaene, Delamare, Delarue,
Delhaye, Delpech, Demange, Deniau, Després, Deville, Duchemin, Dufresne,
Dupin, Duret, Duvivier, Esnault, Foucault, Frémont, Gallais, Gallois, Garreau,
Gaubert, Godefroy, Goujon, Grimaud, Guégan, Hennequin, Héraud, Jacquin,
Janvier, Jouan, Jourdain, Jullien, Lafont, Larcher, Lecerf, Lescure, Malet,
Mathis, Mouton, Munier, Naudin, Piquet, Quéré, Sorel, Tardy, Thiery, Vial,
Vigier, Viguier, Villard, Schaeffer, Koch, Keller, Wolff, Roth, Walter, Heitz,
Kieffer, Hartmann, Kuntz, Lang, Schwartz, Richter, Braun, Jung, Bauer,
Herrmann, Engel, Schmidt, Gross, Vandamme, Verhaeghe, Vandenberghe, Deprez,
Desmet, Vanhoutte, Verbeke, Dewaele, Vandewalle, Lecocq, Santoni, Luciani,
Leca, Casanova, Poli, Pietri, Paoli, Orsini, Mattei, Filippi, Etcheverry,
Etchegaray, Irigoyen, Bidegain, Elissalde, Larralde, Duhalde, Iriarte,
Nativel, Ethève, Clain, Sautron, Baret, Lauret, Mussard, Jean-Baptiste,
Jean-Louis, Jean-Charles, Jean-Marie, Saint-Louis, Sainte-Rose, Marie-Sainte,
Théophile, Alexis, Ursule, Kerbrat, Kervella, Jaouen, Guéguen, Guivarc'h,
Salaün, Caradec, Jégou, Le Men, Le Page, Le Bot, Le Coz, Le Lay, Le Gac,
Le Calvez, Le Moal, Le Cam, Le Bras, Le Duff, Le Hir, de La Fontaine,
de La Roche, de Beaumont, de Villeneuve, de Castelnau, Du Pont,
de Sainte-Marie, de La Motte, de Lestrade, de Saint-Jean, Amiel, Arnould,
Audoin, Augier, Aymard, Barbet, Bardin, Bataille, Baudoin, Bazire, Belhomme,
Bellamy, Bellec, Bidault, Bineau, Blandin, Boiteux, Bonhomme, Boucard,
Boudier, Bouillon, Bourgoin, Bourret, Brochard, Buffet, Cardon, Carton,
Castagné, Caussade, Chabot, Chaillou, Chardon, Chassagne, Chatel, Chaumont,
Chauvière, Chenu, Chéron, Clerget, Cochet, Colson, Corbin, Cosson, Coudert,
Couderc, Couvreur, Crépin, Cuisinier, Dalle, Daudet, Debon, Decaux,
Defontaine, Delbos, Delestre, Delmotte, Denoyelle, Derrien, Desbois,
Desmarets, Desnoyers, Devos, Dieudonné, Doucet, Drouet, Drouin, Dubost,
Ducasse, Duchêne, Dufay, Dufort, Dugas, Dumoulin, Dupas, Duprat, Durieux,
Dussart, Duthil, Fabrègue, Faucher, Fauvel, Ferrier, Feuillet, Fleuriot,
Fortin, Fouché, Fourcade, Fradin, Froment, Gabriel, Gagnon, Galland, Gasnier,
Gauvin, Gelin, Gendre, Gibert, Gilet, Girardin, Giraudeau, Gobert, Gouin,
Goulet, Grandjean, Grenet, Gresset, Griffon, Grosjean, Guerry, Guibal,
Guignard, Guillard, Guillemot, Guitton, Hamard, Hautier, Herbert, Hérault,
Hochet, Huchet, Hugon, Humblot, Jacquard, Jacquemart, Jarry, Jeannin, Joubin,
Jouve, Jouvet, Labarre, Labat, Lacaze, Laffont, Lagrange, Lalande, Lamotte,
Landais, Langevin, Lapierre, Laval, Lavigne, Leborgne, Lebouc, Lecointe,
Lecourt, Ledru, Lefeuvre, Legay, Legoff, Lehmann, Lemarchand, Lemercier,
Lenormand, Lépine, Leray, Lesueur, Letourneau, Lhomme, Lièvre, Loison, Loret,
Lorin, Louvet, Magnier, Maigret, Mailhot, Mainguy, Malard, Mangin, Marcel,
Marest, Margerie, Marquet, Mauger, Maurel, Mazet, Mercadier, Michelet,
Millot, Monier, Montagne, Morice, Mortier, Moulinier, Nadal, Nicolle, Noblet,
Noury, Ollier, Oudin, Papin, Paquet, Pasquet, Pelé, Pellerin, Perrault,
Peyrot, Picot, Pierron, Pigeon, Pinson, Planchon, Plantier, Poisson, Pommier,
Portal, Pouget, Poulet, Prat, Puech, Raffin, Ravel, Raynal, Regnault, Renou,
Ribot, Richer, Rigal, Rivet, Robineau, Rocheteau, Rondeau, Rouault, Rouillé,
Roulet, Roussin, Rouxel, Sabourin, Sarrazin, Sauvageot, Savary, Schmit,
Sénéchal, Servais, Simonin, Soulié, Tabard, Tallec, Thiébaut, Thomasset,
Tixier, Tournier, Trémolières, Truchet, Vachon, Valat, Vallat, Vannier,
Verger, Vernet, Viard, Vignal, Villain, Wallet, Amar, Attal, Azoulay,
Benhamou, Bensimon, Elbaz, Sebag, Bitton, Dahan, Zerbib
"""

# Other origins, each roughly in decreasing frequency within the group.
GROUPS = {
    # Maghreb (Algeria, Morocco, Tunisia; Arabic and Berber names).
    "mg": """
Benali, Haddad, Mansouri, Belkacem, Brahimi, Hamidi, Rahmani, Saïdi, Meziane,
Chérif, Amrani, Bouzid, Khelifi, Benaïssa, Bensaïd, Messaoudi, Slimani,
Touati, Ziani, Yahiaoui, Benyahia, Bouaziz, El Amrani, Aït Ali, Aït Ahmed,
Ben Ahmed, Ben Salah, Benmoussa, Boukhris, Chaouch, Djebbar, Ferhat, Hadj,
Hamdi, Kaci, Kaddour, Kadri, Khaldi, Lahlou, Larbi, Mahmoudi, Mekki,
Mebarki, Merabet, Mokrani, Nasri, Ouali, Rachidi, Rezgui, Salhi, Sahraoui,
Tahri, Taleb, Zerrouki, Aïssaoui, Abdelli, Achour, Allal, Amara, Ammari,
Azzouz, Bakkali, Belaïd, Belhadj, Benabdallah, Benamar, Benchikh,
Benmansour, Bensalem, Bouabdallah, Boudiaf, Brahmi, Chaabane, Chaoui,
Chikhi, Daoudi, Djellali, Dris, Farès, El Idrissi, El Fassi, El Khatib,
Guendouz, Hachemi, Hamadi, Haouari, Idir, Lounis, Madani, Mansour, Meddah,
Moussaoui, Naceri, Rahal, Saadi, Salem, Sebti, Smaïl, Tazi, Yousfi, Zaoui,
Zeroual, Zouaoui, Benarab, Benkhaled, Hamza, Ouazzani, Bennani, Alaoui,
Berrada, Cherkaoui, Trabelsi, Jaziri, Gharbi, Mejri, Ben Amor, Ayari,
Abbas, Aouadi, Bouali, Boukhalfa, Bouras, Chabane, Dahmani, Djaballah,
Fellah, Hadjadj, Hamou, Laribi, Makhlouf, Moumen, Ouadah, Rahmouni, Sadi,
Sahli, Sayah, Selmi, Zemmouri, Aït Saïd, El Mansouri, El Ouardi, Ghali,
Hassani, Jabri, Kabbaj, Lamrani, Naji, Sabri, Tahiri, Ziane, Zitouni,
Bouazza, Boumaza, Khiari, Mahjoub, Nouri, Raïs, Sassi, Chebbi, Hammami,
Jebali, Mabrouk
""",
    # Portugal (plus Cape Verde / Brazil spellings met in France).
    "pt": """
Oliveira, Carvalho, Sousa, Almeida, d'Almeida, Coelho, Cardoso, Soares,
Monteiro, Correia, Moreira, Vieira, Machado, Rocha, Antunes, Nunes, Fonseca,
Cunha, Araújo, Duarte, Faria, Barbosa, Freitas, Lourenço, Simões, Tavares,
Batista, Azevedo, Magalhães, Matos, Esteves, Cabral, Brandão, Guerreiro,
Leite, Neves, Borges, Vaz, Marinho, Miranda, Moura, Pacheco, Salgado,
Valente, Da Cruz, Da Rocha, Dos Reis, Do Nascimento, De Jesus, De Carvalho,
Da Fonseca, De Freitas, Da Mota, De Matos, Da Cunha, De Almeida
""",
    # Spain.
    "es": """
Alvarez, Romero, Jimenez, Serrano, Gil, Dominguez, Vazquez, Ramirez, Suarez,
Morales, Gutierrez, Alonso, Blanco, Molina, Ortega, Delgado, Castro, Ortiz,
Rubio, Sanz, Nunez, Iglesias, Medina, Garrido, Cortes, Castillo, Santos,
Lozano, Guerrero, Cano, Prieto, Mendez, Cruz, Calvo, Gallego, Leon, Marquez,
Herrera, Peña, Flores, Cabrera, Campos, Vega, Fuentes, Carrasco, Diez,
Caballero, Reyes, Nieto, Aguilar, Pascual, Herrero, Lorenzo, Montero,
Hidalgo, Ibanez, Ferrer, Duran, Benitez, Mora, Vicente, Vargas, Arias,
Carmona, Crespo, Pastor, Soto, Saez, Velasco, Soler, Parra, Esteban,
Gallardo, Rojas, Sanchis, Llorca
""",
    # Italy.
    "it": """
Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco,
Bruno, Gallo, Conti, De Luca, Giordano, Mancini, Rizzo, Lombardi, Moretti,
Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli,
Martini, Leone, Longo, Gentile, Martinelli, Vitale, Lombardo, Serra,
Coppola, De Santis, D'Angelo, Marchetti, Parisi, Villa, Conte, Ferraro,
Ferri, Fabbri, Bianco, Marini, Grasso, Valentini, Messina, Sala, De Angelis,
Gatti, Pellegrini, Palumbo, Sanna, Farina, Rizzi, Monti, Cattaneo, Orlando,
D'Amico, Di Stefano, La Rosa, Lo Presti, Di Giovanni, Ferrero, Pellegrino,
Cavallo, Amato, Sorrentino, Testa, Bellini, Guerra, Morelli, Brunetti,
Agostini, Franceschi, Giraudo
""",
    # West and Central Africa, Madagascar, Comoros.
    "af": """
Diop, N'Diaye, Camara, Sow, Cissé, Koné, Coulibaly, Sylla, Touré, Keïta,
Diarra, Ba, Konaté, Bamba, Fofana, Kouassi, Kouadio, Mbaye, Fall, Gueye,
Faye, Sy, Diakité, Doumbia, Sissoko, Dembélé, Sanogo, Soumaré, Mendy, Gomis,
Sarr, Thiam, Niang, Seck, Kane, Dia, Kaba, Diaby, Kanté, Ouattara, Yao,
N'Guessan, Bangoura, Condé, Sangaré, Dramé, Ndiaye, Mabiala, Mukendi,
Kabongo, Tshibangu, Ngoma, Kalonji, Ilunga, Mbemba, Nkounkou, Makosso,
Rakotomalala, Randrianarisoa, Rasoanaivo, Rakoto, M'Madi, Soilihi, Ahamada,
Tchatchoua, Nana, Kamga, Fotso, Mbarga, Diawara, Cissokho, Kouyaté,
Magassa, Tounkara, Ndao, Diagne, Sène, Diouf, Gassama, Kamara, Bah, Barry,
Baldé, Sidibé, Sakho, Timera, Soumah, Kourouma
""",
    # East, South-East and South Asia.
    "as": """
Tran, Le, Pham, Hoang, Huynh, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, Ly,
Truong, Phan, Lam, Dinh, Mai, Luong, Trinh, Chen, Wang, Zhang, Li, Lin, Liu,
Huang, Chan, Wong, Tan, Lim, Wu, Zhou, Yang, Sok, Chea, Keo, Sayavong,
Phanthavong, Kim, Park, Singh, Kumar, Rahman, Hossain, Khan, Sivakumar,
Selvarajah, Tanaka
""",
    # Turkey.
    "tr": """
Yilmaz, Kaya, Demir, Sahin, Celik, Yildiz, Ozturk, Aydin, Arslan, Dogan,
Kilic, Aslan, Cetin, Kara, Koc, Kurt, Ozdemir, Polat, Yildirim, Ozkan,
Simsek, Korkmaz, Aksoy, Tekin, Gunes, Yavuz, Coskun, Bulut
""",
    # Poland, the Balkans, Romania, the former USSR.
    "ee": """
Kowalski, Nowak, Wisniewski, Lewandowski, Kaminski, Zielinski, Szymanski,
Wojcik, Kaczmarek, Mazur, Nowicki, Kozlowski, Jankowski, Wozniak, Krawczyk,
Grabowski, Pawlak, Dabrowski, Olszewski, Popescu, Ionescu, Popa, Dumitru,
Constantin, Novak, Jovanovic, Petrovic, Nikolic, Markovic, Ivanov, Petrov,
Smirnov, Volkov, Sokolov, Kuznetsov, Shevchenko, Bondarenko, Kovalenko,
Horvat, Kovacs
""",
    # Armenia.
    "am": """
Petrossian, Manoukian, Khatchadourian, Karapetian, Sarkissian, Balian,
Torossian, Papazian, Boyadjian, Kalaydjian, Der Sarkissian, Kevorkian,
Mardirossian, Arakelian, Avakian, Ohanian, Hagopian, Kazandjian, Simonian,
Minassian
""",
    # Double surnames (possible since 2005): "Father-Mother" combinations.
    "dbl": """
Martin-Durand, Lefèvre-Martin, Bernard-Rousseau, Dubois-Lambert,
Petit-Laurent, Moreau-Girard, Thomas-Fournier, Robert-Morel, Richard-Simon,
Durand-Leroy, Michel-Bonnet, Garcia-Martin, Da Silva-Bernard, Nguyen-Petit,
Benali-Dupont, Diallo-Lefebvre, Laurent-Faure, Leroy-Mercier, Roux-Blanc,
Fontaine-Chevalier, Morin-Perrin, Girard-Lemoine, Gauthier-Roussel,
Mercier-Boyer, Dupont-Moreau, Fournier-Garnier, Rossi-Bertrand,
Lopez-Dumont, Simon-Haddad, Le Goff-Martin, Guérin-Leclerc, Henry-Colin,
Perrin-Masson, Blanc-Barbier, Robin-Legrand, Meyer-Schmitt
""",
}

# Target share of the whole file's weight for each group ("fr" = the rest).
GROUP_SHARE = {
    "mg": 0.075, "pt": 0.040, "es": 0.035, "it": 0.035, "af": 0.035,
    "as": 0.020, "tr": 0.008, "ee": 0.012, "am": 0.005, "dbl": 0.010,
}
GROUP_SHAPE = 0.35  # within-group weight ~ (index + 4) ** -GROUP_SHAPE

# Bearers per million inhabitants by national rank (French-origin curve);
# log-log interpolation between anchors.
ANCHORS = [(1, 3000), (2, 1500), (3, 1400), (5, 1300), (10, 1100),
           (20, 850), (50, 560), (100, 400), (200, 280), (400, 185),
           (700, 130), (1000, 100), (2000, 60)]

# ------------------------------------------------------------- first names --
# Estimated thousands of people born in France 1930-2020 with this name.

FIRST_F = """
Marie 480, Nathalie 390, Isabelle 380, Catherine 350, Françoise 330,
Sylvie 330, Martine 330, Monique 320, Christine 310, Jacqueline 290,
Nicole 280, Valérie 250, Sandrine 230, Véronique 230, Stéphanie 210,
Chantal 210, Patricia 200, Michèle 190, Sophie 190, Christiane 190,
Céline 180, Julie 180, Brigitte 170, Danielle 170, Anne 160, Denise 150,
Annie 150, Aurélie 150, Émilie 150, Camille 150, Laurence 150, Hélène 150,
Nadine 140, Léa 140, Corinne 130, Sarah 130, Dominique 120, Colette 120,
Claudine 120, Virginie 120, Laura 120, Yvette 110, Karine 110,
Caroline 110, Élodie 110, Mélanie 110, Pauline 110, Marine 110, Manon 110,
Emma 110, Chloé 110, Simone 100, Josette 100, Jeannine 100, Évelyne 100,
Delphine 100, Audrey 100, Marion 100, Suzanne 90, Marie-Christine 90,
Florence 90, Cécile 90, Élisabeth 90, Lucie 90, Charlotte 90, Madeleine 80,
Ginette 80, Micheline 80, Gisèle 80, Mireille 80, Anne-Marie 80,
Jessica 80, Vanessa 80, Séverine 80, Carole 80, Pascale 80, Béatrice 80,
Agnès 80, Bernadette 80, Claire 80, Clara 80, Inès 80, Louise 80, Alice 80,
Odette 70, Paulette 70, Renée 70, Andrée 70, Liliane 70, Sabrina 70,
Laetitia 70, Muriel 70, Jade 70, Mathilde 70, Océane 70, Justine 70,
Anaïs 70, Amandine 70, Fabienne 70, Sandra 70, Huguette 60, Yvonne 60,
Arlette 60, Marie-Thérèse 60, Juliette 60, Jeanne 60, Morgane 60,
Jennifer 60, Angélique 60, Geneviève 60, Francine 60, Jocelyne 60,
Joëlle 60, Josiane 60, Magali 60, Amélie 60, Christelle 60, Marcelle 50,
Lucienne 50, Marie-Claude 50, Marie-Hélène 50, Margaux 50, Zoé 50, Lola 50,
Eva 50, Lisa 50, Noémie 50, Mélissa 50, Cindy 50, Coralie 50, Alexandra 50,
Thérèse 50, Myriam 50, Nadia 50, Sonia 50, Estelle 50, Emmanuelle 50,
Maria 50, Sabine 50, Germaine 40, Raymonde 40, Marie-France 40,
Marie-Pierre 40, Élise 40, Léna 40, Anna 40, Romane 40, Alicia 40,
Clémence 40, Danièle 40, Éliane 40, Frédérique 40, Laure 40, Maryse 40,
Odile 40, Régine 40, Marguerite 40, Annick 40, Janine 40, Fanny 40,
Claude 40, Lina 45, Anne-Sophie 45, Marie-Claire 35, Marie-Laure 35,
Rose 35, Ambre 35, Gaëlle 35, Fatima 35, Marie-Françoise 30,
Marie-Anne 30, Marie-José 30, Marie-Louise 30, Anne-Laure 30, Adèle 30,
Aurore 30, Édith 30, Ghislaine 30, Henriette 30, Solange 30, Sylviane 30,
Viviane 30, Yolande 30, Bénédicte 30, Nina 30, Salomé 30, Elsa 30,
Mégane 30, Marina 30, Carine 30, Annette 30, Irène 30, Lucette 30,
Pierrette 30, Georgette 30, Gabrielle 30, Marie-Noëlle 25, Agathe 25,
Nelly 25, Laurie 25, Maëlle 25, Maëlys 25, Léonie 25, Maëva 25, Célia 25,
Leïla 25, Cynthia 25, Ophélie 25, Yasmine 25, Marie-Odile 20,
Marie-Paule 20, Marie-Jeanne 20, Rose-Marie 20, Lydie 20, Rolande 20,
Roselyne 20, Héloïse 20, Mila 20, Sofia 20, Éloïse 20, Axelle 20,
Rosa 20, Carmen 20, Malika 20, Samira 20, Déborah 20, Perrine 20,
Alexia 20, Margot 20, Solène 20, Kelly 20, Anita 20, Claudette 20,
Gilberte 20, Marthe 20, Maryvonne 20, Jeannette 20, Nadège 20,
Murielle 20, Marie-Madeleine 15, Marie-Agnès 15, Marie-Line 15,
Marie-Josée 15, Anne-Claire 15, Noëlle 15, Capucine 15, Apolline 15,
Victoire 15, Gwendoline 15, Kenza 15, Candice 15, Ana 15, Angela 15,
Nora 15, Laurène 15, Léane 15, Lou 15, Lilou 15, Iris 15, Victoria 15,
Clémentine 15, Diane 15, Armelle 15, Mauricette 15, Paule 15,
Mélodie 15, Marie-Annick 12, Marie-Ange 12, Karima 15, Farida 12,
Khadija 12, Aïcha 12, Anne-Lise 10, Marie-Lou 10, Marie-Rose 10,
Marie-Cécile 10, Dolores 10, Graziella 10, Naïma 10, Imane 10, Nour 10,
Fatoumata 10, Aminata 10, Louane 10, Constance 10, Astrid 10,
Gwenaëlle 10, Sylvette 10, Priscilla 10, Blandine 15, Soraya 8,
Djamila 8, Zohra 8, Meriem 8, Amel 8, Salma 8, Mariam 8, Bérénice 8,
Philippine 8, Alix 8, Garance 8, Rania 6, Assia 6, Hanane 6, Awa 6,
Aïssatou 6, Siham 5, Kadiatou 5, Pilar 5, Giovanna 5, Kim 5, Pénélope 5,
Hortense 5, Anouk 5, Reine 5, Oumou 4, Hawa 4, Binta 3, Linh 3, Mai 3,
Ayse 3, Elif 3, Lan 2, Hoa 2, Zeynep 2, Albertine 5, Rosine 5,
Elena 15, Jasmine 10, Louisa 8, Manuela 10, Sylvia 10, Tiphaine 10,
Typhaine 4, Eugénie 10, Joséphine 20, Valentine 20,
Noa 5, Aya 10, Edwige 10, Gladys 10, Ambrine 3, Lise 10, Lison 5,
Maud 20, Sixtine 3, Soline 3, Tatiana 10, Vanille 2, Wendy 10, Zélie 5,
Adélaïde 5, Adrienne 15, Aimée 10, Antoinette 40, Célina 3, Dorothée 15,
Éléonore 10, Luce 5, Marianne 30, Michelle 60
"""

FIRST_M = """
Jean 500, Michel 400, Philippe 370, Alain 340, Pierre 300, Nicolas 300,
Christophe 290, Patrick 290, Daniel 250, Bernard 250, Éric 230,
Jacques 230, Frédéric 220, Laurent 220, Stéphane 220, David 220,
Pascal 200, Thierry 200, Julien 200, Sébastien 200, Thomas 200,
Gérard 200, André 200, Olivier 190, François 190, Jean-Pierre 180,
Dominique 170, Claude 170, Alexandre 170, Christian 170, Jean-Claude 140,
René 130, Louis 130, Jérôme 130, Vincent 130, Marc 130, Maxime 120,
Lucas 120, Guillaume 120, Didier 120, Bruno 120, Hugo 110, Kévin 110,
Romain 110, Antoine 110, Serge 110, Nathan 100, Roger 100, Robert 100,
Yves 100, Gilles 100, Joël 100, Anthony 90, Franck 90, Marcel 90,
Paul 90, Jean-Luc 90, Patrice 90, Guy 90, Fabrice 90, Hervé 90,
Mohamed 90, Enzo 80, Henri 80, Georges 80, Jean-Michel 80,
Jean-Louis 80, Raymond 80, Clément 80, Quentin 80, Benjamin 80,
Mathieu 80, Cédric 80, Emmanuel 80, Denis 80, Joseph 80, Maurice 70,
Roland 70, Jean-Marc 70, Jean-François 70, Jean-Paul 70, Théo 70,
Florian 70, Jonathan 70, Sylvain 70, Arnaud 70, Damien 70, Adrien 70,
Jérémy 70, Mickaël 70, Grégory 70, Charles 70, Fabien 70, Jean-Marie 60,
Gabriel 60, Arthur 60, Jules 60, Léo 60, Raphaël 60, Mathis 60,
Baptiste 60, Yannick 60, Ludovic 60, Benoît 60, Xavier 60, Francis 60,
Valentin 60, Samuel 60, Aurélien 60, Alexis 60, Gilbert 60, Luc 60,
Lucien 50, Jean-Jacques 50, Tom 50, Albert 50, Loïc 50, Axel 50,
Jordan 50, Cyril 50, Lionel 50, Étienne 50, Florent 50, José 50,
Jacky 40, Adam 40, Ethan 40, Matthieu 40, Rémi 40, Yann 40, Dylan 40,
Victor 40, Simon 40, Thibault 40, Bastien 40, Régis 40, Hubert 40,
Richard 40, William 40, Jean-Philippe 40, Jean-Christophe 40,
Jean-Baptiste 40, Jean-Yves 35, Karim 35, Mehdi 35, Rayan 35, Yanis 35,
Noah 30, Gaston 20, Fernand 30, Émile 30, Léon 30, Noël 30, Rémy 30,
Gaël 30, Erwan 30, Tristan 30, Martin 30, Steven 30, Gaëtan 30,
Corentin 30, Sacha 30, Rachid 30, Samir 30, Manuel 30, Antonio 30,
Armand 30, Yvon 30, Édouard 30, Kylian 25, Sofiane 25, Amine 25,
Mohammed 25, Ahmed 25, Ali 25, Mamadou 25, Edmond 25, Félix 25,
Mathias 25, Matéo 25, Tony 25, Nolan 25, Ronan 20, Killian 20, Michaël 20,
Thibaut 20, Dorian 20, Évan 20, Timothée 20, Nabil 20, Yassine 20,
Bilal 20, Ibrahim 20, Moussa 20, Youssef 20, Farid 20, Carlos 20,
Mario 20, Jean-Charles 20, Gérald 20, Eugène 20, Antony 20, Grégoire 20,
Lilian 20, Rodolphe 20, Yohann 20, Johan 20, Jimmy 20, Mathéo 20,
Liam 20, Maël 20, Norbert 20, Jean-Noël 15, Pierre-Yves 15, Gabin 15,
Aaron 15, Hakim 15, Kamel 15, Omar 15, Saïd 15, Mustapha 15, Djamel 15,
Mourad 15, Fernando 15, Luis 15, Francisco 15, Miguel 15, Alphonse 15,
Marius 15, Raoul 15, Yvan 15, Mattéo 15, Teddy 15, Willy 15, Timéo 15,
Alfred 15, Jean-Guy 10, Jean-Bernard 10, Jean-Sébastien 10,
Pierre-Louis 10, Marc-Antoine 10, Ousmane 10, Abdel 10, Nordine 10,
Hamid 10, Ilyes 10, Anis 10, Adel 10, Abdelkader 10, Brahim 10,
Abdoulaye 10, Juan 10, Paulo 10, Giuseppe 10, Salvatore 10, Angelo 10,
Auguste 10, Germain 10, Romuald 10, Wilfried 10, Steve 10, Nino 10,
Walid 12, Pierre-Alexandre 8, Khaled 8, Ibrahima 8, Amadou 8, Joaquim 8,
Mehmet 8, Léopold 8, Maximilien 8, Ange 8, Léonard 8, Jean-Pascal 8,
Slimane 6, Boubacar 6, Roméo 6, Paul-Henri 5, Louis-Marie 5, Seydou 5,
Cheikh 5, Franco 5, Emre 5, Murat 5, Honoré 5, Charles-Henri 4, Minh 4,
Octave 4, Marceau 4, Thanh 3, Gustave 10, Anatole 5,
Augustin 15, Bertrand 40, Christopher 15, Clovis 5, Cyprien 5,
Dimitri 15, Eliott 10, Elias 15, Ewan 10, Fabio 5, Frank 10, Gauthier 15,
Guilhem 5, Hector 5, Hippolyte 3, Ismaël 10, Jean-Daniel 5, Jean-Loup 5,
Jean-René 5, Jocelyn 10, Josué 3, Lenny 10, Loris 10, Malo 8, Morgan 15,
Nassim 10, Nathanaël 8, Pierre-Antoine 5, Robin 25, Sami 8, Sylvère 2,
Térence 3, Tanguy 10, Ulysse 3, Vivien 10, Yoann 20, Zinedine 3,
Sylvestre 3, Firmin 5, Désiré 5, Aimé 10, Achille 8, Constant 5,
Gaspard 10, Marin 8, Nils 5, Oscar 10, Rafael 10, Ayoub 10, Hamza 10,
Idriss 5, Issa 5, Malik 10, Souleymane 5, Abdallah 5, Karl 5, Kenzo 10,
Léandre 3, Valère 3, Jean-Max 2, Pierre-Henri 5, Jean-Hugues 3,
Hugues 15, Isaac 10, Théodore 10, Théophile 8, Zacharie 5
"""


def fold(s: str) -> str:
    """Accent- and case-insensitive key, to catch duplicates."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def split_names(block: str) -> list:
    return [n.strip() for n in block.replace("\n", " ").split(",") if n.strip()]


def rank_weight(rank: int) -> float:
    for (r0, w0), (r1, w1) in zip(ANCHORS, ANCHORS[1:]):
        if rank <= r1:
            t = (math.log(rank) - math.log(r0)) / (math.log(r1) - math.log(r0))
            return math.exp(math.log(w0) + t * (math.log(w1) - math.log(w0)))
    raise ValueError(rank)


def build_surnames():
    from faker.providers.person.fr_FR import Provider

    seen, rows = set(), []  # rows: [name, group, weight]

    def add(name, group, weight):
        key = fold(name)
        if key in seen:
            return
        seen.add(key)
        rows.append([name, group, weight])

    head_group = {}
    for g, block in HEAD_GROUPS.items():
        for n in split_names(block):
            head_group[n] = g
    rank = 0
    for raw in list(Provider.last_names) + split_names(FRENCH_EXTRA):
        name = ACCENT_FIXES.get(raw, raw)
        if fold(name) in seen:
            continue
        rank += 1
        add(name, head_group.get(name, "fr"), rank_weight(rank))

    fr_total = sum(w for _, g, w in rows if g == "fr")
    total = fr_total / (1.0 - sum(GROUP_SHARE.values()))
    for g, block in GROUPS.items():
        names = [n for n in split_names(block) if fold(n) not in seen]
        have = sum(w for _, gg, w in rows if gg == g)
        need = GROUP_SHARE[g] * total - have
        if need <= 0:
            raise SystemExit(f"group {g}: head already exceeds its share")
        shape = [(i + 4) ** -GROUP_SHAPE for i in range(len(names))]
        k = need / sum(shape)
        for n, s in zip(names, shape):
            add(n, g, k * s)
    return rows


def parse_first(block: str) -> list:
    out, seen = [], {}
    for item in split_names(block):
        name, w = item.rsplit(" ", 1)
        key = fold(name)
        if key in seen:  # keep the first occurrence
            continue
        seen[key] = True
        out.append((name, int(w)))
    return out


def tsv(rows) -> str:
    rows = sorted(rows, key=lambda r: (-r[1], fold(r[0]), r[0]))
    return "".join(f"{n}\t{w}\n" for n, w in rows)


def main() -> int:
    from importlib.metadata import version

    got = version("Faker")
    if got != FAKER_VERSION:
        print(f"warning: Faker {got} installed, script pinned to "
              f"{FAKER_VERSION}; output may differ", file=sys.stderr)

    sur = build_surnames()
    outputs = {
        "surnames.tsv": tsv([(n, max(1, round(w))) for n, _, w in sur]),
        "first_names_f.tsv": tsv(parse_first(FIRST_F)),
        "first_names_m.tsv": tsv(parse_first(FIRST_M)),
    }
    for text in outputs.values():
        for line in text.splitlines():
            name, w = line.split("\t")
            assert name == name.strip() and "  " not in name, line
            assert unicodedata.is_normalized("NFC", name), line
            assert int(w) >= 1, line

    if "--stats" in sys.argv:
        tot = sum(w for *_, w in sur)
        by = {}
        for _, g, w in sur:
            by.setdefault(g, [0, 0.0])
            by[g][0] += 1
            by[g][1] += w
        for g, (n, w) in sorted(by.items(), key=lambda x: -x[1][1]):
            print(f"{g:4} {n:5} names {100 * w / tot:6.2f} %")
        print(f"total weight {tot:.0f}; MARTIN share {300000 / tot:.2f} %")
        return 0
    if "--check" in sys.argv:
        bad = [f for f, t in outputs.items()
               if not (DEMO / f).exists()
               or (DEMO / f).read_text(encoding="utf-8") != t]
        print("identical" if not bad else f"DIFFERENT: {bad}")
        return 1 if bad else 0

    DEMO.mkdir(parents=True, exist_ok=True)
    for f, t in outputs.items():
        (DEMO / f).write_bytes(t.encode("utf-8"))
        print(f"wrote {DEMO / f} ({t.count(chr(10))} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
