// Texts of the security screens (profiles, PIN, passphrase, lock).
export const frSecurity = {
  // A PIN typed on the identify and lock screens
  'pin.required': 'Tapez votre code PIN.',
  'pin.format': 'Le code PIN compte de 4 à 8 chiffres, sans lettre ni espace.',

  // Identify screen (several profiles, after the passphrase)
  'identify.title': 'Qui travaille ?',
  'identify.explain':
    'Plusieurs personnes utilisent ce cabinet. Choisissez votre profil, puis tapez votre code PIN.',
  'identify.who': 'Votre profil',
  'identify.noPin': 'pas de code PIN',
  'identify.pin': 'Votre code PIN',
  'identify.submit': 'Continuer',
  'identify.checking': 'Vérification…',
  'identify.close': 'Fermer le cabinet',
  'identify.chooseProfile': 'Choisissez d’abord votre profil (cliquez sur votre nom).',
  'identify.wrongPin.one':
    'Code PIN incorrect — encore {count} essai. Vérifiez que vous avez choisi votre profil : au prochain code faux, le cabinet se ferme.',
  'identify.wrongPin.other':
    'Code PIN incorrect — encore {count} essais. Vérifiez que vous avez choisi votre profil.',
  'identify.forgot':
    'Code PIN oublié : un profil administrateur peut vous en donner un nouveau (menu Sécurité, partie Profils).',

  // Lock screen with PIN
  'lock.explainPin':
    'Les dossiers sont masqués. Tapez votre code PIN pour reprendre là où vous en étiez.',
  'lock.who': 'Qui déverrouille ?',
  'lock.onlyProfile': 'Profil :',
  'lock.pin': 'Votre code PIN',
  'lock.chooseProfile': 'Choisissez d’abord votre profil (cliquez sur votre nom).',
  'lock.wrongPin.one':
    'Code PIN incorrect — encore {count} essai. Au prochain code faux, le cabinet se ferme et il faudra la phrase de passe.',
  'lock.wrongPin.other': 'Code PIN incorrect — encore {count} essais.',
  'lock.usePassphrase': 'Utiliser la phrase de passe',
  'lock.usePin': 'Déverrouiller avec mon code PIN',

  // Top bar
  'topbar.user': 'Profil :',
  'topbar.userTitle': 'Profil en cours : {name} (sécurité, code PIN)',

  // « Sécurité » section
  'security.title': 'Sécurité',
  'security.intro':
    'Qui utilise le cabinet, quand il se verrouille tout seul, et la phrase de passe qui protège le fichier.',
  'security.notAdmin':
    'Votre profil est « Utilisateur » : vous pouvez changer votre propre code PIN et la phrase de passe. Les profils et le verrouillage automatique se règlent depuis un profil administrateur.',
  'security.saving': 'Enregistrement…',

  'security.role.administrateur': 'Administrateur',
  'security.role.utilisateur': 'Utilisateur',
  'security.role.administrateurHint':
    'travaille dans le cabinet et gère aussi les profils et les réglages de sécurité',
  'security.role.utilisateurHint': 'travaille dans le cabinet et change son propre code PIN',

  'security.profiles.title': 'Profils',
  'security.profiles.explainOne':
    'Une seule personne utilise Carnet : rien de plus à faire. Un code PIN reste utile pour déverrouiller plus vite.',
  'security.profiles.explainSeveral':
    'Plusieurs personnes : chacune a son profil. Après la phrase de passe, chacune choisit son profil et tape son code PIN.',
  'security.profiles.explainLock':
    'Le code PIN déverrouille aussi le cabinet après un verrouillage (automatique ou Ctrl+L).',
  'security.profiles.explainFive':
    'Cinq codes PIN faux ferment le cabinet : il faut alors la phrase de passe pour le rouvrir.',
  'security.profiles.name': 'Profil',
  'security.profiles.role': 'Rôle',
  'security.profiles.pin': 'Code PIN',
  'security.profiles.state': 'État',
  'security.profiles.actions': 'Actions',
  'security.profiles.you': 'vous',
  'security.profiles.pinSet': 'code PIN défini',
  'security.profiles.pinMissing': 'code PIN à définir',
  'security.profiles.pinNone': 'pas de code PIN',
  'security.profiles.active': 'actif',
  'security.profiles.inactive': 'désactivé',
  'security.profiles.edit': 'Modifier',
  'security.profiles.editLabel': 'Modifier le profil {name}',
  'security.profiles.setPin': 'Définir le code PIN',
  'security.profiles.setPinLabel': 'Définir le code PIN de {name}',
  'security.profiles.changePin': 'Changer le code PIN',
  'security.profiles.changePinLabel': 'Changer le code PIN de {name}',
  'security.profiles.clearPin': 'Retirer le code PIN',
  'security.profiles.clearPinLabel': 'Retirer le code PIN de {name}',
  'security.profiles.clearPinTitle': 'Retirer le code PIN de {name} ?',
  'security.profiles.clearPinExplain':
    'Après un verrouillage, le cabinet ne se rouvrira plus qu’avec la phrase de passe.',
  'security.profiles.clearPinConfirm': 'Retirer le code PIN',
  'security.profiles.pinRemoved': 'Code PIN de {name} retiré.',
  'security.profiles.add': 'Ajouter un profil',
  'security.profiles.addNeedsPin':
    'Pour ajouter une deuxième personne, définissez d’abord le code PIN de ce profil.',
  'security.profiles.addTitle': 'Ajouter un profil',
  'security.profiles.editTitle': 'Modifier le profil « {name} »',
  'security.profiles.nameLabel': 'Nom du profil',
  'security.profiles.nameHint': 'Le nom affiché à l’ouverture du cabinet, par exemple « Dr Martin » ou « Accueil ».',
  'security.profiles.roleLabel': 'Rôle',
  'security.profiles.activeLabel': 'Profil actif',
  'security.profiles.activeHint':
    'Décochez pour qu’il n’apparaisse plus à l’ouverture (son historique reste dans le journal).',
  'security.profiles.addSubmit': 'Ajouter le profil',
  'security.profiles.editSubmit': 'Enregistrer',
  'security.profiles.added':
    'Profil « {name} » ajouté. À la prochaine ouverture, chacun choisira son profil et tapera son code PIN.',
  'security.profiles.saved': 'Profil « {name} » enregistré.',

  'security.pin.new': 'Code PIN',
  'security.pin.hint':
    'Au moins 6 chiffres (4 si un administrateur l’a permis), 8 au plus. Pas de code trop simple comme 123456 ou 000000.',
  'security.pin.confirm': 'Retapez le code PIN',
  'security.pin.mismatch': 'Les deux codes PIN ne sont pas identiques. Retapez-le.',
  'security.pin.titleSet': 'Définir le code PIN de {name}',
  'security.pin.titleChange': 'Changer le code PIN de {name}',
  'security.pin.titleSetSelf': 'Définir mon code PIN',
  'security.pin.titleChangeSelf': 'Changer mon code PIN',
  'security.pin.submit': 'Enregistrer le code PIN',
  'security.pin.saved': 'Code PIN de {name} enregistré. Donnez-le-lui de vive voix, jamais par écrit.',
  'security.pin.savedSelf': 'Votre code PIN est enregistré.',

  'security.autoLock.title': 'Verrouillage automatique',
  'security.autoLock.minutes': 'Verrouiller après',
  'security.autoLock.minutesUnit': 'minutes sans activité',
  'security.autoLock.minutesHint':
    'Sans clavier ni souris pendant ce temps, le cabinet se verrouille. De 1 à 60 minutes (5 par défaut).',
  'security.autoLock.minutesInvalid': 'Indiquez un nombre entier de minutes, de 1 à 60.',
  'security.autoLock.days': 'Journal d’audit : conserver',
  'security.autoLock.daysUnit': 'jours',
  'security.autoLock.daysHint':
    'Le journal note qui a ouvert quel dossier. Les traces plus anciennes sont effacées. De 30 à 3650 jours (365 par défaut).',
  'security.autoLock.daysInvalid': 'Indiquez un nombre entier de jours, de 30 à 3650.',
  'security.autoLock.pinDigits': 'Longueur des nouveaux codes PIN',
  'security.autoLock.pinDigitsHint':
    'Les codes déjà choisis restent valables ; la longueur s’applique aux prochains.',
  'security.autoLock.pinSix': '6 chiffres (recommandé)',
  'security.autoLock.pinFour': '4 chiffres',
  'security.pinHelp.title': 'Ce que protège un code PIN',
  'security.pinHelp.passerBy':
    'Le code PIN rouvre un cabinet verrouillé : il protège votre poste contre une personne de passage pendant que vous vous êtes absentée. Cinq codes faux, et seule la phrase de passe rouvre le cabinet.',
  'security.pinHelp.stolen':
    'Il ne protège pas un ordinateur volé ou copié pendant que le cabinet est verrouillé : qui lit la mémoire de l’ordinateur peut essayer tous les codes hors de Carnet, sans limite de cinq essais. Chaque essai coûte environ 28 millisecondes de calcul (Argon2id, 19 Mio) sur un processeur de ce poste.',
  'security.pinHelp.cost':
    'Tous les codes de 4 chiffres (10 000) : environ 5 minutes sur un seul cœur, quelques secondes sur un serveur. Tous les codes de 6 chiffres (1 000 000) : environ 8 heures sur un seul cœur, de l’ordre d’un quart d’heure sur un serveur de 32 cœurs.',
  'security.pinHelp.advice':
    'Quittant le cabinet pour longtemps, ou emportant l’ordinateur portable, fermez le cabinet : il ne reste alors rien en mémoire, et seule la phrase de passe l’ouvre.',
  'security.autoLock.pinDigitsInvalid': 'Choisissez 6 ou 4 chiffres.',
  'security.autoLock.submit': 'Enregistrer ces réglages',
  'security.autoLock.saved': 'Réglages enregistrés : le cabinet se verrouille après {minutes} min sans activité.',
  'security.autoLock.adminOnly': 'Seul un profil administrateur peut changer ces réglages.',

  'security.passphrase.title': 'Changer la phrase de passe',
  'security.passphrase.explain':
    'Le fichier est réécrit avec la nouvelle phrase : en cas de coupure pendant l’opération, il s’ouvre avec l’ancienne ou la nouvelle. Notez la nouvelle phrase sur la fiche de secours.',
  'security.passphrase.current': 'Phrase de passe actuelle',
  'security.passphrase.new': 'Nouvelle phrase de passe',
  'security.passphrase.newHint':
    'Plusieurs mots sans rapport entre eux, faciles à retenir pour vous. Évitez le nom du cabinet.',
  'security.passphrase.suggest': 'Proposer une phrase de passe',
  'security.passphrase.suggested':
    'Phrase proposée : recopiez-la dès maintenant sur la fiche de secours.',
  'security.passphrase.confirm': 'Retapez la nouvelle phrase de passe',
  'security.passphrase.mismatch': 'Les deux phrases de passe ne sont pas identiques.',
  'security.passphrase.currentRequired': 'Tapez la phrase de passe actuelle du cabinet.',
  'security.passphrase.newRequired': 'Tapez la nouvelle phrase de passe.',
  'security.passphrase.submit': 'Changer la phrase de passe',
  'security.passphrase.busy': 'Changement en cours…',
  'security.passphrase.busyExplain':
    'Le fichier est en train d’être réécrit : cela prend quelques secondes. N’éteignez pas l’ordinateur.',
  'security.passphrase.done':
    'Phrase de passe changée. Le cabinet s’ouvre maintenant avec la nouvelle : notez-la sur la fiche de secours.',
  'security.passphrase.openSheet': 'Ouvrir la fiche de secours',
  'security.passphrase.oldBackups':
    'Les sauvegardes faites avant ce changement s’ouvrent toujours avec l’ANCIENNE phrase de passe : gardez-la sur la fiche de secours tant que vous les conservez. Faites dès maintenant une sauvegarde avec la nouvelle.',
  'security.passphrase.backupNow': 'Faire une sauvegarde maintenant',
  'security.passphrase.backupRunning': 'Sauvegarde en cours…',
} as const;
