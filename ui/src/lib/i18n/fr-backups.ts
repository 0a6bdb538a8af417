// Texts of the backup and restore screen, and of the backup warning banner.
export const frBackups = {
  'backups.title': 'Sauvegardes',
  'backups.intro':
    'Une sauvegarde est une copie chiffrée du cabinet, protégée par la même phrase de passe : sans cette phrase, personne ne peut la lire, et vous non plus.',
  'backups.auto':
    'Carnet fait une sauvegarde tout seul à la fermeture du cabinet et une fois par jour pendant qu’il est ouvert ; chaque sauvegarde est relue et vérifiée avant de compter.',
  'backups.loading': 'Chargement des sauvegardes…',

  // Status
  'backups.status.title': 'État des sauvegardes',
  'backups.status.last': 'Dernière sauvegarde réussie : {when}, dans {folder}',
  'backups.status.none': 'Dernière sauvegarde réussie : aucune pour le moment.',
  'backups.status.allGood': 'Tout va bien : rien à faire pour le moment.',
  'backups.when': '{weekday} {date} à {time}',

  // Run now
  'backups.run': 'Sauvegarder maintenant',
  'backups.running': 'Sauvegarde en cours…',
  'backups.run.done.one': 'Sauvegarde faite et vérifiée ({count} fichier écrit) :',
  'backups.run.done.other': 'Sauvegarde faite et vérifiée ({count} fichiers écrits) :',
  'backups.run.file': '{file} ({size}) dans {folder}',
  'backups.run.holds': 'Contenu : {counts}.',
  'backups.run.documents.one': '{count} document nouveau copié à côté (les autres y étaient déjà).',
  'backups.run.documents.other': '{count} documents nouveaux copiés à côté (les autres y étaient déjà).',
  'backups.run.rotated.one': '{count} ancienne sauvegarde supprimée (on garde les plus récentes).',
  'backups.run.rotated.other': '{count} anciennes sauvegardes supprimées (on garde les plus récentes).',

  // Counts
  'backups.counts.patients.one': '{count} patient',
  'backups.counts.patients.other': '{count} patients',
  'backups.counts.appointments.one': '{count} rendez-vous',
  'backups.counts.appointments.other': '{count} rendez-vous',
  'backups.counts.correspondants.one': '{count} correspondant',
  'backups.counts.correspondants.other': '{count} correspondants',
  'backups.size': '{size} Mo',
  'backups.sizeTiny': 'moins de 0,1 Mo',

  // Folders and settings
  'backups.folders.title': 'Dossiers de sauvegarde',
  'backups.folders.hint':
    'Choisissez au moins un dossier sur une clé USB ou un disque externe : si l’ordinateur est volé ou tombe en panne, la sauvegarde est ailleurs.',
  'backups.folders.none': 'Aucun dossier choisi pour le moment.',
  'backups.folders.present': 'Branché',
  'backups.folders.missing': 'Introuvable',
  'backups.folders.last': 'Dernière sauvegarde ici : {when}',
  'backups.folders.never': 'Aucune sauvegarde réussie dans ce dossier',
  'backups.folders.add': 'Ajouter un dossier…',
  'backups.folders.remove': 'Retirer',
  'backups.folders.removeLabel': 'Retirer le dossier {folder}',
  'backups.folders.added': 'Dossier ajouté. Faites une sauvegarde maintenant pour l’essayer.',
  'backups.folders.removed': 'Dossier retiré de la liste (les sauvegardes qu’il contient ne sont pas effacées).',
  'backups.folders.already': 'Ce dossier est déjà dans la liste.',
  'backups.settings.title': 'Combien de sauvegardes garder dans chaque dossier',
  'backups.settings.hint':
    'Au-delà de ces nombres, les plus anciennes sont supprimées automatiquement.',
  'backups.settings.daily': 'Quotidiennes',
  'backups.settings.weekly': 'Hebdomadaires',
  'backups.settings.monthly': 'Mensuelles',
  'backups.settings.maxAge': 'Prévenir quand la dernière sauvegarde date de plus de',
  'backups.settings.hours': 'heures',
  'backups.settings.save': 'Enregistrer',
  'backups.settings.saved': 'Réglages des sauvegardes enregistrés.',
  'backups.settings.notANumber': 'Tapez un nombre entier (0 ou plus).',
  'backups.settings.adminOnly':
    'Seul un profil administrateur peut changer les dossiers et ces réglages.',

  // Restore
  'backups.restore.title': 'Restaurer une sauvegarde',
  'backups.restore.intro':
    'Choisissez une sauvegarde dans la liste. Vous pouvez la restaurer dans un nouveau fichier (pour la consulter sans rien changer), ou remplacer le cabinet actuel par elle.',
  'backups.restore.loading': 'Recherche des sauvegardes…',
  'backups.restore.none': 'Aucune sauvegarde de ce cabinet trouvée dans les dossiers de sauvegarde.',
  'backups.restore.searchOther': 'Chercher dans un autre dossier…',
  'backups.restore.alsoIn': 'Sauvegardes cherchées aussi dans : {folder}',
  'backups.restore.col.choose': 'Choisir',
  'backups.restore.col.date': 'Date',
  'backups.restore.col.size': 'Taille',
  'backups.restore.col.content': 'Contenu',
  'backups.restore.problem': 'Ne s’ouvre pas avec la phrase de passe actuelle : {problem}',
  'backups.restore.chosen': 'Sauvegarde choisie : {when}',
  'backups.restore.chooseFirst': 'Choisissez d’abord une sauvegarde dans la liste.',
  'backups.restore.toNew': 'Restaurer dans un nouveau fichier…',
  'backups.restore.over': 'Remplacer le cabinet actuel…',

  'backups.restore.passphrase': 'Phrase de passe de cette sauvegarde',
  'backups.restore.passphraseHint':
    'Celle du cabinet au moment où la sauvegarde a été faite.',
  'backups.restore.passphraseRequired': 'Tapez la phrase de passe de la sauvegarde.',

  'backups.restore.toNew.title': 'Restaurer dans un nouveau fichier',
  'backups.restore.toNew.body':
    'La sauvegarde du {when} sera copiée dans un nouveau fichier ; le cabinet actuel ne change pas.',
  'backups.restore.toNew.target': 'Nouveau fichier : {path}',
  'backups.restore.toNew.confirm': 'Restaurer',
  'backups.restore.toNew.done':
    'Sauvegarde restaurée dans {path} ({counts}). Pour l’ouvrir : fermez ce cabinet, puis « Ouvrir un cabinet… » avec la phrase de passe de la sauvegarde.',

  'backups.restore.over.title': 'Remplacer le cabinet actuel par cette sauvegarde ?',
  'backups.restore.over.body':
    'Le cabinet reviendra à l’état du {when} : ce qui a été saisi depuis ne sera plus dans le cabinet.',
  'backups.restore.over.holds': 'La sauvegarde contient : {counts}.',
  'backups.restore.over.kept':
    'Avant de remplacer, Carnet garde une copie complète du fichier actuel, à côté de lui, dans le dossier :',
  'backups.restore.over.keptAfter': 'Vous pourrez la rouvrir si besoin.',
  'backups.restore.over.otherPassphrase':
    'Cette sauvegarde a été faite avec une autre phrase de passe : tapez-la. Le cabinet s’ouvrira ensuite avec cette phrase-là.',
  'backups.restore.over.check': 'J’ai compris : les saisies faites depuis cette sauvegarde ne seront plus dans le cabinet.',
  'backups.restore.over.confirm': 'Remplacer le cabinet',
  'backups.restore.over.done':
    'Le cabinet contient maintenant la sauvegarde du {when}. La copie de l’ancien fichier est gardée ici : {path}',

  // Banner (top of the cabinet)
  'backups.banner.label': 'Alerte sauvegarde',
  'backups.banner.open': 'Voir les sauvegardes',
  'backups.banner.done': 'Sauvegarde faite et vérifiée.',
} as const;
