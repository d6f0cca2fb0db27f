<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CentreImportWidget</name>
    <message>
        <source>On each learners&apos; PC, write the progress to the USB stick (Sync menu: “Write my progress to the stick”). Then import those files here: this PC then shows the progress of the whole centre. Importing a file twice changes nothing.</source>
        <translation>Sur chaque PC des apprenant·es, écrivez la progression sur la clé USB (menu Synchronisation : « Écrire ma progression sur la clé »). Importez ensuite ces fichiers ici : ce PC montre alors la progression de tout le centre. Importer deux fois le même fichier ne change rien.</translation>
    </message>
    <message>
        <source>Import bundles…</source>
        <translation>Importer des paquets…</translation>
    </message>
    <message>
        <source>Sync bundles</source>
        <translation>Paquets de synchronisation</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Import en cours…</translation>
    </message>
    <message>
        <source>%1 bundle(s): %2 new learner(s), %3 new event(s), %4 already here.</source>
        <translation>%1 paquet(s) : %2 nouvel·les apprenant·es, %3 nouveaux événements, %4 déjà présents.</translation>
    </message>
</context>
<context>
    <name>FacilitatorPanel</name>
    <message>
        <source>Facilitator space — %1</source>
        <translation>Espace animateur·rice — %1</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Other PCs</source>
        <translation>Autres PC</translation>
    </message>
    <message>
        <source>Refused activities</source>
        <translation>Activités refusées</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Connecté·e : %1</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>Comptes…</translation>
    </message>
    <message>
        <source>Change your password, add or remove a facilitator</source>
        <translation>Changer votre mot de passe, ajouter ou retirer un·e animateur·rice</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Fermer (Échap)</translation>
    </message>
    <message>
        <source>No capsule of this session is installed on this PC.</source>
        <translation>Aucune capsule de cette séance n&apos;est installée sur ce PC.</translation>
    </message>
    <message>
        <source>Capsule</source>
        <translation>Capsule</translation>
    </message>
    <message>
        <source>Which capsule?</source>
        <translation>Quelle capsule ?</translation>
    </message>
    <message>
        <source>Group quiz</source>
        <translation>Quiz collectif</translation>
    </message>
</context>
</TS>
