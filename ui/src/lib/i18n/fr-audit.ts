// Texts of the audit trail viewer, of the « Administration » part of the
// navigation, and of the patient file's access list and right-of-access copy.
export const frAudit = {
  'adminNav.title': 'Administration',
  'adminNav.backups': 'Sauvegardes',
  'adminNav.audit': 'Journal d’audit',
  'adminNav.security': 'Sécurité',

  'audit.title': 'Journal d’audit',
  'audit.intro':
    'Qui a fait quoi dans le cabinet, et quand. Chaque entrée est enchaînée à la précédente : une entrée modifiée ou supprimée en dehors de Carnet se voit à la vérification.',

  // Filters
  'audit.filters': 'Filtres',
  'audit.filter.patient': 'Patient',
  'audit.filter.profile': 'Profil',
  'audit.filter.allProfiles': 'Tous les profils',
  'audit.filter.inactive': '{name} (désactivé)',
  'audit.filter.from': 'Du',
  'audit.filter.to': 'Au',
  'audit.filter.action': 'Action',
  'audit.filter.allActions': 'Toutes les actions',
  'audit.filter.apply': 'Afficher',
  'audit.filter.clear': 'Effacer les filtres',
  'audit.filter.badDate': 'Tapez une date sous la forme jj/mm/aaaa, par exemple 23/11/2026.',
  'audit.filter.badRange': 'La date « au » doit venir après la date « du ».',

  // Table
  'audit.loading': 'Chargement du journal…',
  'audit.none': 'Aucune entrée ne correspond à ces filtres.',
  'audit.count.one': '{count} entrée affichée, la plus récente en premier.',
  'audit.count.other': '{count} entrées affichées, les plus récentes en premier.',
  'audit.limited':
    'Seules les {count} entrées les plus récentes sont affichées : précisez les filtres (période, patient) pour voir les plus anciennes.',
  'audit.col.at': 'Date et heure',
  'audit.col.user': 'Profil',
  'audit.col.action': 'Action',
  'audit.col.patient': 'Patient',
  'audit.noUser': '—',
  'audit.noPatient': '—',
  'audit.deletedPatient': 'dossier supprimé',
  'audit.openPatient': 'Ouvrir le dossier de {name}',

  // Verify
  'audit.verify': 'Vérifier l’intégrité du journal',
  'audit.verifying': 'Vérification…',
  'audit.intact.one': 'Journal intact : {count} entrée (n° {first} à {last}).',
  'audit.intact.other': 'Journal intact : {count} entrées (n° {first} à {last}).',
  'audit.broken': 'Journal altéré à l’entrée n° {seq} ({at}) : {problem}.',
  'audit.brokenNoDate': 'Journal altéré à l’entrée n° {seq} : {problem}.',
  'audit.brokenAfterLast': 'Journal altéré : {problem}.',
  'audit.clockWentBack':
    'L’entrée n° {seq} est datée d’avant la précédente : l’horloge de l’ordinateur a été reculée, ou des entrées ont été déplacées. La purge ne retirera pas cette entrée ni celles qui la suivent.',
  'audit.brokenHelp':
    'Le fichier a été modifié en dehors de Carnet, ou il est endommagé. Ne supprimez rien : gardez une sauvegarde et prévenez la personne qui s’occupe de l’informatique du cabinet.',

  // Prune
  'audit.prune': 'Purger les entrées anciennes…',
  'audit.prune.title': 'Purger les entrées anciennes du journal ?',
  'audit.prune.body':
    'Les entrées de plus de {days} jours (durée choisie dans « Sécurité ») seront supprimées pour de bon.',
  'audit.prune.bodyNoDays':
    'Les entrées plus anciennes que la durée de conservation choisie dans « Sécurité » seront supprimées pour de bon.',
  'audit.prune.marker':
    'Une entrée « Purge » restera dans le journal pour dire combien d’entrées ont été retirées ; la vérification reste possible.',
  'audit.prune.verifiedFirst':
    'Le journal est vérifié d’abord : s’il est altéré, rien n’est purgé. Carnet ne purge jamais de lui-même.',
  'audit.prune.confirm': 'Purger',
  'audit.prune.done.one': '{count} entrée ancienne supprimée.',
  'audit.prune.done.other': '{count} entrées anciennes supprimées.',
  'audit.prune.nothing': 'Aucune entrée assez ancienne : rien n’a été supprimé.',
  'audit.prune.adminOnly': 'Seul un profil administrateur peut purger le journal.',

  // Help: what the trail proves, and what it cannot
  'audit.help.title': 'Ce que le journal prouve, et ce qu’il ne prouve pas',
  'audit.help.proves':
    'Carnet ne peut ni modifier ni effacer une entrée. Chaque changement fait dans Carnet (patients, rendez-vous, liste d’attente, correspondants, agenda, profils, réglages) laisse une entrée au moment même où il est enregistré.',
  'audit.help.file':
    'Sans la phrase de passe, le fichier ne se lit pas et ne se modifie pas sans que cela se voie. Avec la phrase de passe, un logiciel extérieur peut modifier le fichier : la vérification signale alors les modifications faites sans entrée, ou l’endroit où le journal a été altéré. L’index de recherche laissé en retard par un tel logiciel est reconstruit à l’ouverture, et c’est noté dans le journal.',
  'audit.help.cannot':
    'Ce que le journal ne peut pas prouver : une personne qui a la phrase de passe et le code source de Carnet peut fabriquer un fichier entier dont le journal paraît intact. Ce qui le montre, c’est l’empreinte du journal gardée hors du fichier, sur chaque ordinateur qui l’a ouvert et à côté de chaque sauvegarde : à l’ouverture, Carnet prévient si le journal du fichier est plus ancien que ce qui a été vu, ou s’il en diverge (fichier remplacé par une copie ancienne, historique réécrit), et le note dans le journal. Le journal dit alors que l’historique a changé, et depuis quand ; il ne dit pas qui l’a fait ni ce qu’il contenait avant.',
  'audit.help.clock':
    'Les heures sont celles de l’horloge de l’ordinateur. Une entrée datée d’avant la précédente est signalée ; aucune purge n’est faite automatiquement, si bien qu’avancer l’horloge n’efface rien.',

  // Patient file: who opened it, right of access
  'access.title': 'Qui a consulté ce dossier',
  'access.show': 'Afficher qui a consulté ce dossier',
  'access.hide': 'Masquer la liste',
  'access.loading': 'Chargement…',
  'access.none': 'Aucune consultation enregistrée.',
  'access.count.one': '{count} consultation, la plus récente en premier.',
  'access.count.other': '{count} consultations, les plus récentes en premier.',
  'access.col.at': 'Date et heure',
  'access.col.user': 'Profil',
  'access.unknownUser': 'profil inconnu',
  'rights.export': 'Copie du dossier (droit d’accès)',
  'rights.exporting': 'Copie en cours…',
  'rights.hint':
    'Une copie complète du dossier pour le patient qui la demande : une page à lire ou imprimer (HTML) et un fichier de données (JSON). Ces fichiers ne sont pas chiffrés.',
  'rights.done': 'Copie enregistrée dans {folder} : {files}.',
  'rights.notEncrypted':
    'Ces deux fichiers ne sont pas chiffrés : toute personne qui les trouve peut lire le dossier. Remettez-les au patient (papier, clé USB remise en main propre), jamais par courriel ordinaire, puis supprimez-les de cet ordinateur.',
} as const;
