// French texts of one part of the agenda (spread into ./fr.ts). Keys start
// with 'waitingRoom.'.
export const frWaitingRoom = {
  'waitingRoom.title': 'Salle d’attente',
} as const;
