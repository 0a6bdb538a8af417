// The desk's frame: the backup warning line, the agenda's toolbar menus,
// the patient file's summary.
export const frLayout = {
  'layout.bannerHide': 'Masquer aujourd’hui',
  'layout.bannerHideTitle':
    'Masquer cet avertissement jusqu’à demain sur cet ordinateur (il reste affiché dans « Sauvegardes »)',
  'layout.calendarsShown': 'Agendas ({shown}/{all})',
  'layout.more': 'Plus',
  'layout.findSlotShort': 'Créneaux libres',
  'layout.agendaKeys': 'Touches de l’agenda (F1)',
  'layout.newShort': 'Nouveau RDV',
  'layout.bookingFor': 'Rendez-vous pour {who}',
  'layout.book': 'Prendre RDV',
  'layout.bookTitle': 'Chercher un créneau libre et réserver pour ce patient',
  'layout.next': 'Prochain RDV',
  'layout.last': 'Dernier RDV',
  'layout.none': 'aucun',
  'layout.appointmentLine': '{day} à {time} · {doctor}',
  'layout.onlyThis': 'seul',
  'layout.onlyThisTitle': 'N’afficher que {name}',
} as const;
