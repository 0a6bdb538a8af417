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
  'audit.prune.confirm': 'Purger',
  'audit.prune.done.one': '{count} entrée ancienne supprimée.',
  'audit.prune.done.other': '{count} entrées anciennes supprimées.',
  'audit.prune.nothing': 'Aucune entrée assez ancienne : rien n’a été supprimé.',
  'audit.prune.adminOnly': 'Seul un profil administrateur peut purger le journal.',

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
