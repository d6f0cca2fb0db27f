<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ClaimDialog</name>
    <message>
        <source>I already have an account</source>
        <translation>J’ai déjà un compte</translation>
    </message>
    <message>
        <source>You made your profile on another PC? Type your learner code (it is on your home page there, under your name) and your PIN: your profile and your progress come to this PC.</source>
        <translation>Vous avez créé votre profil sur un autre PC ? Tapez votre code apprenant·e (il est sur votre page d’accueil là-bas, sous votre nom) et votre code PIN : votre profil et votre progression arrivent sur ce PC.</translation>
    </message>
    <message>
        <source>Learner &amp;code</source>
        <translation>&amp;Code apprenant·e</translation>
    </message>
    <message>
        <source>&amp;PIN</source>
        <translation>Code P&amp;IN</translation>
    </message>
    <message>
        <source>Learner code</source>
        <translation>Code apprenant·e</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Through the server this PC is connected to.</source>
        <translation>Par le serveur auquel ce PC est relié.</translation>
    </message>
    <message>
        <source>This PC is not connected to a server: use a USB stick, or ask your facilitator to connect it (Sync menu).</source>
        <translation>Ce PC n’est pas relié à un serveur : utilisez une clé USB, ou demandez à votre animateur·rice de le relier (menu Synchronisation).</translation>
    </message>
    <message>
        <source>&amp;Bring my account here</source>
        <translation>&amp;Faire venir mon compte ici</translation>
    </message>
    <message>
        <source>By USB stick</source>
        <translation>Par clé USB</translation>
    </message>
    <message>
        <source>No connection here: the request is written to the stick, sealed so that only the programme's server can read your PIN. Take the stick to a connected PC (Sync › Sync with a USB stick › Read a file), bring the reply file back and read it here the same way.</source>
        <translation>Pas de connexion ici : la demande est écrite sur la clé, scellée pour que seul le serveur du programme puisse lire votre code PIN. Apportez la clé à un PC connecté (Synchronisation › Synchroniser avec une clé USB › Lire un fichier), rapportez le fichier de réponse et lisez-le ici de la même façon.</translation>
    </message>
    <message>
        <source>USB stick or folder</source>
        <translation>Clé USB ou dossier</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>&amp;Write the request to the stick</source>
        <translation>&amp;Écrire la demande sur la clé</translation>
    </message>
    <message>
        <source>A learner code has 8 letters and digits, like 7K2M-9QXD.</source>
        <translation>Un code apprenant·e a 8 lettres et chiffres, comme 7K2M-9QXD.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Demande au serveur…</translation>
    </message>
    <message>
        <source>Choose the stick or a folder</source>
        <translation>Choisir la clé ou un dossier</translation>
    </message>
    <message>
        <source>Choose the USB stick (or a folder) first.</source>
        <translation>Choisissez d’abord la clé USB (ou un dossier).</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Écriture…</translation>
    </message>
    <message>
        <source>Welcome back, %1! Your profile is on this PC now: choose it on the first screen.</source>
        <translation>Bon retour, %1 ! Votre profil est maintenant sur ce PC : choisissez-le sur le premier écran.</translation>
    </message>
    <message>
        <source>Request written to %1. Take the stick to a connected PC, then bring the reply file back and read it here (Sync › Sync with a USB stick).</source>
        <translation>Demande écrite dans %1. Apportez la clé à un PC connecté, puis rapportez le fichier de réponse et lisez-le ici (Synchronisation › Synchroniser avec une clé USB).</translation>
    </message>
</context>
<context>
    <name>MyProfileDialog</name>
    <message>
        <source>My profile</source>
        <translation>Mon profil</translation>
    </message>
    <message>
        <source>Your learner code: %1
With it and your PIN, your profile and your progress come to another PC (“I already have an account”).</source>
        <translation>Votre code apprenant·e : %1
Avec lui et votre code PIN, votre profil et votre progression vont sur un autre PC (« J’ai déjà un compte »).</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>&amp;Name or nickname</source>
        <translation>&amp;Nom ou surnom</translation>
    </message>
    <message>
        <source>Name or nickname</source>
        <translation>Nom ou surnom</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Renommer</translation>
    </message>
    <message>
        <source>Delete my profile</source>
        <translation>Supprimer mon profil</translation>
    </message>
    <message>
        <source>This deletes your profile, your progress and your certificate from this PC and, at the next sync, from the programme's server and every PC. It cannot be undone.</source>
        <translation>Cela supprime votre profil, votre progression et votre certificat de ce PC et, à la prochaine synchronisation, du serveur du programme et de tous les PC. C’est définitif.</translation>
    </message>
    <message>
        <source>To confirm, type your &amp;PIN:</source>
        <translation>Pour confirmer, tapez votre &amp;code PIN :</translation>
    </message>
    <message>
        <source>To confirm, type your &amp;name:</source>
        <translation>Pour confirmer, tapez votre &amp;nom :</translation>
    </message>
    <message>
        <source>&amp;Delete my profile</source>
        <translation>&amp;Supprimer mon profil</translation>
    </message>
    <message>
        <source>Please type a name.</source>
        <translation>Veuillez taper un nom.</translation>
    </message>
    <message>
        <source>Another profile on this PC is named %1. Press Rename again to keep this name anyway (adding a surname helps tell them apart).</source>
        <translation>Un autre profil de ce PC s’appelle %1. Appuyez de nouveau sur Renommer pour garder ce nom quand même (ajouter un nom de famille aide à les distinguer).</translation>
    </message>
    <message>
        <source>Type your PIN to confirm.</source>
        <translation>Tapez votre code PIN pour confirmer.</translation>
    </message>
    <message>
        <source>Type your name exactly as it is to confirm.</source>
        <translation>Tapez votre nom exactement tel qu’il est pour confirmer.</translation>
    </message>
    <message>
        <source>Your profile is now named %1.</source>
        <translation>Votre profil s’appelle maintenant %1.</translation>
    </message>
</context>
</TS>
