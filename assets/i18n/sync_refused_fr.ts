<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>RefusedEventsWidget</name>
    <message>
        <source>Activities of this PC the server refused. They are kept here and not sent again on their own: export them for the programme, or send them again once the server was updated. Everything else keeps being sent.</source>
        <translation>Activités de ce PC refusées par le serveur. Elles sont gardées ici et ne sont pas renvoyées d'elles-mêmes : exportez-les pour le programme, ou renvoyez-les une fois le serveur mis à jour. Tout le reste continue d'être envoyé.</translation>
    </message>
    <message>
        <source>Export for the programme…</source>
        <translation>Exporter pour le programme…</translation>
    </message>
    <message>
        <source>Refused activities</source>
        <translation>Activités refusées</translation>
    </message>
    <message>
        <source>Send again at the next sync</source>
        <translation>Renvoyer à la prochaine synchronisation</translation>
    </message>
    <message>
        <source>No refused activity: everything this PC sends is accepted.</source>
        <translation>Aucune activité refusée : tout ce que ce PC envoie est accepté.</translation>
    </message>
    <message>
        <source>Export the refused activities</source>
        <translation>Exporter les activités refusées</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved in %1. Send this file to the programme.</source>
        <translation>Enregistré dans %1. Envoyez ce fichier au programme.</translation>
    </message>
    <message>
        <source>%1 activity(ies) will be sent again at the next sync.</source>
        <translation>%1 activité(s) seront renvoyées à la prochaine synchronisation.</translation>
    </message>
</context>
<context>
    <name>SyncRefused</name>
    <message>
        <source>The server does not know this kind of activity: it needs an update. Then send again.</source>
        <translation>Le serveur ne connaît pas ce type d'activité : il a besoin d'une mise à jour. Renvoyez ensuite.</translation>
    </message>
    <message>
        <source>Too large to send (a text longer than the app allows today). Export it for the programme.</source>
        <translation>Trop volumineuse pour être envoyée (un texte plus long que ce que l'application permet aujourd'hui). Exportez-la pour le programme.</translation>
    </message>
    <message>
        <source>The server does not link this learner to this PC (a profile copied from another PC?).</source>
        <translation>Le serveur ne relie pas cet·te apprenant·e à ce PC (un profil copié d'un autre PC ?).</translation>
    </message>
    <message>
        <source>The server already holds another version of this activity.</source>
        <translation>Le serveur a déjà une autre version de cette activité.</translation>
    </message>
    <message>
        <source>This activity is damaged. Export it for the programme.</source>
        <translation>Cette activité est endommagée. Exportez-la pour le programme.</translation>
    </message>
    <message>
        <source>Refused by the server (%1).</source>
        <translation>Refusée par le serveur (%1).</translation>
    </message>
    <message>
        <source>Video watched</source>
        <translation>Vidéo regardée</translation>
    </message>
    <message>
        <source>Quiz answer</source>
        <translation>Réponse à un quiz</translation>
    </message>
    <message>
        <source>Quiz finished</source>
        <translation>Quiz terminé</translation>
    </message>
    <message>
        <source>Capsule completed</source>
        <translation>Capsule terminée</translation>
    </message>
    <message>
        <source>Final exam started</source>
        <translation>Examen final commencé</translation>
    </message>
    <message>
        <source>Final exam answer</source>
        <translation>Réponse à l'examen final</translation>
    </message>
    <message>
        <source>Final exam answer sheet</source>
        <translation>Copie de l'examen final</translation>
    </message>
    <message>
        <source>Joined a group</source>
        <translation>Inscription à un groupe</translation>
    </message>
    <message>
        <source>Left a group</source>
        <translation>Départ d'un groupe</translation>
    </message>
    <message>
        <source>Group renamed</source>
        <translation>Groupe renommé</translation>
    </message>
    <message>
        <source>Group deleted</source>
        <translation>Groupe supprimé</translation>
    </message>
    <message>
        <source>Session planned</source>
        <translation>Séance planifiée</translation>
    </message>
    <message>
        <source>Session changed</source>
        <translation>Séance modifiée</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Présence</translation>
    </message>
    <message>
        <source>Session deleted</source>
        <translation>Séance supprimée</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Learner</source>
        <translation>Apprenant·e</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>Motif du refus</translation>
    </message>
</context>
</TS>
