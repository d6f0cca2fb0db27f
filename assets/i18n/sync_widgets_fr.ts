<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Connect this PC to a server</source>
        <translation>Relier ce PC à un serveur</translation>
    </message>
    <message>
        <source>Ask your facilitator for the server address and a code.</source>
        <translation>Demandez l'adresse du serveur et un code à votre animateur ou animatrice.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Code d'inscription</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Relier</translation>
    </message>
    <message>
        <source>Fill in both the address and the code.</source>
        <translation>Remplissez l'adresse et le code.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>à l'instant</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>il y a %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>il y a %1 h</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>il y a %1 jours</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>More: connect to a server, USB stick</source>
        <translation>Plus : se connecter à un serveur, clé USB</translation>
    </message>
    <message>
        <source>More sync options</source>
        <translation>Autres options de synchronisation</translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation>Relier à un serveur…</translation>
    </message>
    <message>
        <source>USB stick…</source>
        <translation>Clé USB…</translation>
    </message>
    <message>
        <source>Attention needed</source>
        <translation>Attention requise</translation>
    </message>
    <message>
        <source>1 activity refused by the server — see the details</source>
        <translation>1 activité refusée par le serveur — voir le détail</translation>
    </message>
    <message>
        <source>%1 activities refused by the server — see the details</source>
        <translation>%1 activités refusées par le serveur — voir le détail</translation>
    </message>
    <message>
        <source>Sending your work…</source>
        <translation>Envoi de votre travail…</translation>
    </message>
    <message>
        <source>1 activity waiting</source>
        <translation>1 activité en attente</translation>
    </message>
    <message>
        <source>%1 activities waiting</source>
        <translation>%1 activités en attente</translation>
    </message>
    <message>
        <source>Everything is sent</source>
        <translation>Tout est envoyé</translation>
    </message>
    <message>
        <source>%1 · last sync %2</source>
        <translation>%1 · dernière synchro %2</translation>
    </message>
    <message>
        <source>offline, will retry</source>
        <translation>hors ligne, nouvel essai plus tard</translation>
    </message>
    <message>
        <source>sync problem</source>
        <translation>problème de synchro</translation>
    </message>
    <message>
        <source>Sync done: %1</source>
        <translation>Synchronisation terminée : %1</translation>
    </message>
    <message>
        <source>Sync file</source>
        <translation>Fichier de synchronisation</translation>
    </message>
    <message>
        <source>Read the sync file %1 on this PC? It brings learners' progress from another PC, or the server's reply to this one.</source>
        <translation>Lire le fichier de synchronisation %1 sur ce PC ? Il apporte la progression d'apprenant·es d'un autre PC, ou la réponse du serveur à celui-ci.</translation>
    </message>
</context>
<context>
    <name>UsbSyncDialog</name>
    <message>
        <source>Sync with a USB stick</source>
        <translation>Synchroniser avec une clé USB</translation>
    </message>
    <message>
        <source>USB sticks found</source>
        <translation>Clés USB trouvées</translation>
    </message>
    <message>
        <source>No internet here? Your progress can travel on a USB stick to a PC that is connected. Bring back the reply file and read it here.</source>
        <translation>Pas d'internet ici ? Votre progression peut voyager sur une clé USB jusqu'à un PC connecté. Rapportez le fichier de réponse et lisez-le ici.</translation>
    </message>
    <message>
        <source>Write my progress to the stick</source>
        <translation>Écrire ma progression sur la clé</translation>
    </message>
    <message>
        <source>Read a file from the stick…</source>
        <translation>Lire un fichier de la clé…</translation>
    </message>
    <message>
        <source>Sticks found:</source>
        <translation>Clés trouvées :</translation>
    </message>
    <message>
        <source>No stick found: choose a folder.</source>
        <translation>Aucune clé trouvée : choisissez un dossier.</translation>
    </message>
    <message>
        <source>Choose the stick or a folder</source>
        <translation>Choisir la clé ou un dossier</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Écriture…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Lecture…</translation>
    </message>
    <message>
        <source>Choose a sync file</source>
        <translation>Choisir un fichier de synchronisation</translation>
    </message>
    <message>
        <source>Saved %1. Take the stick to a connected PC.</source>
        <translation>%1 enregistré. Apportez la clé à un PC connecté.</translation>
    </message>
    <message>
        <source>Sent to the server. Take the reply file %1 back to the other PC.</source>
        <translation>Envoyé au serveur. Rapportez le fichier de réponse %1 à l'autre PC.</translation>
    </message>
    <message>
        <source>Done: %1 activities confirmed, %2 received.</source>
        <translation>Terminé : %1 activité(s) confirmée(s), %2 reçue(s).</translation>
    </message>
</context>
</TS>
